"""Indicator charts as PNG: one indicator's trend, a sparkline, a board's small multiples.

Drawn from the indicator views `commands.indicators.indicator_views` builds (readings, targets,
baseline, direction, rag), with matplotlib's Agg renderer through the Figure API (no pyplot and
its global state). matplotlib is imported on first use, so commands that draw nothing do not pay
for it at start-up; drawing holds a lock, as matplotlib's font and text caches are shared.

Readable on a phone and in Slack's light and dark themes alike: an opaque white card, dark text,
large type for the size, bands in pale tints so the line and the latest reading stand out, and the
status written beside the latest reading as well as coloured (never colour alone).
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from typing import Any

from commands.core.charts import MAX_PANELS
from commands.core.rag import period_key, year_of

INK, MUTED, LINE, CARD = "#1d1c1d", "#616061", "#1f4e8c", "#ffffff"
STATUS_COLOURS = {"red": "#c0392b", "amber": "#d9822b", "green": "#2e7d32", None: "#616061"}
BAND_TINTS = {"green": "#dcefdc", "amber": "#fbe8cc", "red": "#f6d5d2"}

_lock = threading.Lock()


def _new_figure(width: float, height: float, dpi: int) -> Any:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height), dpi=dpi, facecolor=CARD)
    FigureCanvasAgg(figure)
    return figure


def _png(figure: Any) -> bytes:
    out = io.BytesIO()
    figure.savefig(out, format="png", facecolor=CARD, metadata={"Software": None})
    return out.getvalue()


def _periods(view: dict[str, Any]) -> list[str]:
    """The x axis: every reading's period, and each target year that has no reading in it."""
    readings = [r["period"] for r in view.get("readings") or []]
    years_read = {year_of(p) for p in readings}
    periods = set(readings) | {t["period"] for t in view.get("targets") or [] if year_of(t["period"]) not in years_read}
    return sorted(periods, key=period_key)


def _tick(period: str) -> str:
    """ "2010/11 Q2" → "Q2\\n10/11"; "2010/11" → "10/11"."""
    year, _, quarter = period.partition(" ")
    short = year[2:] if len(year) == 7 else year
    return f"{quarter}\n{short}" if quarter else short


def _targets_along(view: dict[str, Any], periods: list[str]) -> list[float | None]:
    by_year = {year_of(t["period"]): t["value"] for t in view.get("targets") or []}
    return [by_year.get(year_of(p)) for p in periods]


def _band_edges(target: float, lower_is_better: bool, amber: float, green: float) -> tuple[float, float]:
    """Where green turns amber and amber turns red, for a target."""
    room = abs(target)
    if lower_is_better:
        return target + green * room, target + amber * room
    return target - green * room, target - amber * room


def _limits(view: dict[str, Any], targets: list[float | None], amber: float) -> tuple[float, float]:
    values = [r["value"] for r in view.get("readings") or []]
    values += [t for t in targets if t is not None]
    values += [t + sign * amber * abs(t) for t in targets if t is not None for sign in (1, -1)]
    if view.get("baseline") is not None:
        values.append(view["baseline"])
    if not values:
        return 0.0, 1.0
    low, high = min(values), max(values)
    pad = (high - low) * 0.18 or abs(high) * 0.1 or 1.0
    return low - pad, high + pad


def _draw(ax: Any, view: dict[str, Any], amber: float, green: float, small: bool) -> None:
    periods = _periods(view)
    lower = view.get("direction") == "lower is better"
    targets = _targets_along(view, periods)
    low, high = _limits(view, targets, amber)
    ax.set_facecolor(CARD)
    for i, target in enumerate(targets):
        if target is None:
            continue
        green_edge, amber_edge = _band_edges(target, lower, amber, green)
        bands = (
            [("green", low, green_edge), ("amber", green_edge, amber_edge), ("red", amber_edge, high)]
            if lower
            else [("red", low, amber_edge), ("amber", amber_edge, green_edge), ("green", green_edge, high)]
        )
        for colour, bottom, top in bands:
            ax.fill_between([i - 0.5, i + 0.5], [bottom] * 2, [top] * 2, color=BAND_TINTS[colour], linewidth=0)
    if any(t is not None for t in targets):
        edges = [i - 0.5 for i in range(len(periods))] + [len(periods) - 0.5]
        steps = [t if t is not None else math.nan for t in targets]
        ax.plot(
            edges, steps + steps[-1:], drawstyle="steps-post", color=INK, linestyle="--", linewidth=1.2, label="target"
        )
    if view.get("baseline") is not None:
        ax.axhline(view["baseline"], color=MUTED, linestyle=":", linewidth=1.2, label="baseline")
    readings = view.get("readings") or []
    index = {p: i for i, p in enumerate(periods)}
    xs = [index[r["period"]] for r in readings]
    ys = [r["value"] for r in readings]
    if readings:
        ax.plot(xs, ys, color=LINE, linewidth=2.4 if not small else 1.8, marker="o", markersize=3.5, label="reading")
        colour = STATUS_COLOURS.get(view.get("rag"), MUTED)
        ax.plot(
            xs[-1:], ys[-1:], marker="o", markersize=11 if not small else 7, color=colour, markeredgecolor=INK, zorder=5
        )
        if not small:
            words = (view.get("rag") or "no status").upper()
            near_top = ys[-1] > (low + high) / 2
            ax.annotate(
                f"{ys[-1]:g} {words}",
                (xs[-1], ys[-1]),
                xytext=(-8, -16 if near_top else 12),
                textcoords="offset points",
                ha="right",
                fontsize=10,
                fontweight="bold",
                color=colour,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": CARD, "edgecolor": "none", "alpha": 0.85},
                zorder=6,
            )
    else:
        ax.text(
            0.5,
            0.5,
            "no reading yet",
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=MUTED,
            fontsize=10 if not small else 8,
        )
    if not any(t is not None for t in targets):
        ax.text(
            0.99,
            0.97,
            "no target set",
            transform=ax.transAxes,
            ha="right",
            va="top",
            color=MUTED,
            fontsize=8 if not small else 7,
        )
    ax.set_ylim(low, high)
    ax.set_xlim(-0.5, max(len(periods), 1) - 0.5)
    every = max(1, math.ceil(len(periods) / (8 if not small else 4)))
    shown = [i for i in range(len(periods)) if (len(periods) - 1 - i) % every == 0]
    ax.set_xticks(shown, [_tick(periods[i]) for i in shown])
    ax.tick_params(labelsize=8 if not small else 6.5, colors=MUTED, length=0)
    ax.grid(axis="y", color="#e8e8e8", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.spines["bottom"].set_color("#bbbbbb")


def indicator_png(view: dict[str, Any], amber: float, green: float) -> bytes:
    """One indicator: readings over time, targets as steps in green/amber/red bands, the baseline,
    the latest reading marked and labelled with its status."""
    with _lock:
        from matplotlib.patches import Patch

        figure = _new_figure(5.0, 3.2, 200)
        ax = figure.add_axes((0.11, 0.24, 0.86, 0.6))
        _draw(ax, view, amber, green, small=False)
        title = textwrap.shorten(f"{view['code']} {view['title']}", 58, placeholder="…")
        figure.text(0.03, 0.955, title, fontsize=11, fontweight="bold", color=INK, va="top")
        unit = f" · {view['unit']}" if view.get("unit") else ""
        figure.text(0.03, 0.885, f"{view['direction']}{unit}", fontsize=8.5, color=MUTED, va="top")
        handles, labels = ax.get_legend_handles_labels()
        if any(t is not None for t in _targets_along(view, _periods(view))):
            handles += [Patch(color=BAND_TINTS[c]) for c in ("green", "amber", "red")]
            labels += ["on target", f"within {amber:.0%}", "further off"]
        if handles:
            figure.legend(
                handles,
                labels,
                loc="lower center",
                ncol=min(len(handles), 6),
                fontsize=7,
                frameon=False,
                handlelength=1.6,
                columnspacing=1.0,
            )
        return _png(figure)


def sparkline_png(view: dict[str, Any], amber: float, green: float) -> bytes:
    """A thumbnail of the trend (square, for a section's accessory): no words but the code."""
    with _lock:
        figure = _new_figure(1.6, 1.6, 150)
        ax = figure.add_axes((0.06, 0.06, 0.88, 0.74))
        _draw(ax, view, amber, green, small=True)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.spines["bottom"].set_visible(False)
        figure.text(0.5, 0.94, view["code"], fontsize=10, fontweight="bold", color=INK, ha="center", va="top")
        return _png(figure)


def scorecard_png(views: list[dict[str, Any]], title: str, amber: float, green: float) -> bytes:
    """A board's indicators as small multiples, in the order given (red first), at most MAX_PANELS."""
    shown = views[:MAX_PANELS]
    columns = 1 if len(shown) == 1 else 2 if len(shown) <= 4 else 3
    rows = max(1, math.ceil(len(shown) / columns))
    with _lock:
        width, height = 7.2, 0.55 + 2.05 * rows
        figure = _new_figure(width, height, 150)
        figure.text(
            0.02,
            1 - 0.12 / height,
            textwrap.shorten(title, 70, placeholder="…"),
            fontsize=12,
            fontweight="bold",
            color=INK,
            va="top",
        )
        top = 1 - 0.55 / height
        cell_w, cell_h = 0.96 / columns, top / rows
        for n, view in enumerate(shown):
            row, column = divmod(n, columns)
            left = 0.02 + column * cell_w
            bottom = top - (row + 1) * cell_h
            ax = figure.add_axes((left + 0.05 * cell_w, bottom + 0.2 * cell_h, 0.9 * cell_w, 0.58 * cell_h))
            _draw(ax, view, amber, green, small=True)
            ax.set_yticks([])
            colour = STATUS_COLOURS.get(view.get("rag"), MUTED)
            status = (view.get("rag") or "no status").upper()
            latest = f" · {view['latest']:g}" if view.get("latest") is not None else ""
            ax.text(
                0,
                1.2,
                f"{view['code']}  {status}{latest}",
                transform=ax.transAxes,
                fontsize=9,
                fontweight="bold",
                color=colour,
                va="bottom",
            )
            ax.text(
                0,
                1.04,
                textwrap.shorten(view["title"], 40, placeholder="…"),
                transform=ax.transAxes,
                fontsize=7,
                color=MUTED,
                va="bottom",
            )
        if not shown:
            figure.text(0.5, 0.5, "no indicators", ha="center", va="center", color=MUTED, fontsize=11)
        return _png(figure)
