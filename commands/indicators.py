"""Indicators: `indicators [red | amber | green | BOARD]` and `indicator CODE-OR-WORDS`."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from commands.actions import action_views
from commands.core import charts, first_day, mentions, rag
from commands.core import indicator_lookup as lookup
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.paging import page_of
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.readings_missing import WORDS as MISSING_WORDS
from commands.readings_missing import missing
from storage import actions as action_queries
from storage import boards as board_queries
from storage import indicators as indicator_queries
from storage.db import read_only
from storage.tables import Board, Indicator, Organisation

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}


def indicator_views(session: Session, ctx: Context, indicators: list[Indicator]) -> list[dict[str, Any]]:
    targets, readings = indicator_queries.figures(session, [i.id for i in indicators])
    boards = {b.id: b.name for b in board_queries.active_boards(session)}
    corrections = _corrections(session, ctx, [i.id for i in indicators if i.id is not None])
    views = []
    for indicator in indicators:
        mine = readings.get(indicator.id, {})
        ordered = sorted(mine, key=rag.period_key)
        latest = ordered[-1] if ordered else None
        previous = ordered[-2] if len(ordered) > 1 else None
        value = mine.get(latest) if latest else None
        target = targets.get(indicator.id, {}).get(rag.year_of(latest)) if latest else None
        status = rag.status(
            value, target, indicator.direction, ctx.settings.amber_tolerance, ctx.settings.green_tolerance, latest
        )
        short, long = rag.travel(mine, indicator.direction, indicator.baseline, indicator.baseline_period)
        lead = indicator.lead_text
        if not lead and indicator.lead_organisation_id:
            organisation = session.get(Organisation, indicator.lead_organisation_id)
            lead = organisation.name if organisation else None
        views.append(
            {
                "id": indicator.id,
                "code": indicator.code,
                "title": indicator.title,
                "unit": indicator.unit,
                "direction": "higher is better" if indicator.direction == "higher" else "lower is better",
                "rag": status.rag,
                "reason": status.reason,
                "latest": value,
                "latest_period": latest,
                "previous": mine.get(previous) if previous else None,
                "previous_period": previous,
                "trend": rag.trend(value, mine.get(previous) if previous else None, indicator.direction),
                "short_term": _travel_view(short),
                "long_term": _travel_view(long),
                "baseline": indicator.baseline,
                "baseline_period": indicator.baseline_period,
                "targets": [
                    {"period": p, "value": v}
                    for p, v in sorted(targets.get(indicator.id, {}).items(), key=lambda pv: rag.period_key(pv[0]))
                ],
                "readings": [{"period": p, "value": mine[p]} for p in ordered],
                "lead": lead,
                "partners": indicator.partners or [],
                "board": boards.get(indicator.board_id),
                "illustrative": indicator.illustrative,
                "note": indicator.note,
                "summary": status.reason if status.rag else None,
                "corrections": corrections.get(indicator.id or 0, []),  # open corrective actions
            }
        )
    return views


def _corrections(session: Session, ctx: Context, indicator_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Each indicator's open corrective actions (ref, description, owner, due, status), oldest due first."""
    found = action_queries.corrective_actions(session, indicator_ids)
    if not found:
        return {}
    views = iter(action_views(session, ctx, [a for actions in found.values() for a in actions]))
    return {indicator_id: [next(views) for _ in actions] for indicator_id, actions in found.items()}


def _travel_view(travel: rag.Travel | None) -> dict[str, Any] | None:
    """`text` in full; `brief` for a list line ("↑ improving", "↓ worse than a year before")."""
    if travel is None:
        return None
    return {"way": travel.way, "arrow": travel.arrow, "text": travel.text, "brief": travel.brief}


def red_indicators_of(session: Session, ctx: Context, board_ids: list[int]) -> list[dict[str, Any]]:
    """For the Home tab: red indicators the caller's boards are responsible for."""
    return [
        v
        for v in indicator_views(session, ctx, indicator_queries.active_indicators(session, board_ids))
        if v["rag"] == "red"
    ]


def board_and_below(session: Session, board: Board) -> list[int]:
    """The board and every board under it: the Forum answers for its theme boards' indicators."""
    children: dict[int | None, list[int]] = {}
    for b in board_queries.active_boards(session):
        assert b.id is not None  # a stored board has its id
        children.setdefault(b.parent_id, []).append(b.id)
    assert board.id is not None
    found: list[int] = []
    waiting = [board.id]
    while waiting:
        current = waiting.pop()
        if current not in found:  # a parent loop in bad data must not loop here
            found.append(current)
            waiting.extend(children.get(current, []))
    return found


def find_indicators(session: Session, words: str) -> list[Indicator]:
    """`NI 151`, `ni151`, `151`, `NI 0151` or words of the title (`employment rate`)."""
    return lookup.find(indicator_queries.active_indicators(session), words)


def _filters(words: str) -> tuple[list[str], str]:
    """`red`, `red amber`, `safer red`: the statuses asked for, and the rest (a board)."""
    statuses, rest = [], []
    for word in words.split():
        key = word.casefold().strip(",")
        if key in {"red", "amber", "green"}:
            if key not in statuses:
                statuses.append(key)
        elif key not in {"all", "at", "and", "or", ","}:
            rest.append(word)
    return statuses, " ".join(rest)


@command(
    "indicators",
    kept=True,
    aliases=("kpis", "performance", "nis", "rag"),
    summary="How the indicators stand: red, amber or green against target",
    usage="indicators [red | amber | green] [board] | indicators missing [board]",
    examples=("indicators", "indicators red", "indicators safer", "indicators red amber economy", "indicators missing"),
    details="Each indicator's latest reading against the target for its year, taking into account "
    "whether higher or lower is better: on target, or within "
    "a hair's breadth of it, is green; a little worse (by the amber tolerance) amber; worse "
    "still red. Red first. Name a status, a board, or both. `indicators missing [board]`: the readings "
    "overdue (each indicator's frequency and days until due) and who owes them.",
)
def indicators(ctx: Context, words: str) -> Reply:
    if any(word.casefold() in MISSING_WORDS for word in words.split()):  # `indicators missing [board]`
        return missing(ctx, " ".join(w for w in words.split() if w.casefold() not in MISSING_WORDS))
    statuses, board_words = _filters(words)
    with read_only(ctx.engine) as session:
        board: Board | None = None
        if board_words:
            chosen = choose_board(session, ctx, board_words)
            if isinstance(chosen, Reply):  # unknown or ambiguous board: choose_board says which
                if not statuses and not mentions.channel_id(board_words):
                    hint = (chosen.data.get("hint") or "").rstrip(".")
                    chosen.data["hint"] = (
                        hint + ("" if hint.endswith("?") else ".") + " " if hint else ""
                    ) + "Or a status: `red`, `amber`, `green`."
                return chosen
            board = chosen
        scope_ids = board_and_below(session, board) if board else None
        views = indicator_views(session, ctx, indicator_queries.active_indicators(session, scope_ids))
        # Counts are of everything in scope, so `indicators red` still says how many are green.
        counts = {c: sum(1 for v in views if v["rag"] == c) for c in ("red", "amber", "green")}
        unknown = sum(1 for v in views if v["rag"] is None)
        if statuses:
            views = [v for v in views if v["rag"] in statuses]
        views.sort(key=lambda v: (RAG_ORDER[v["rag"]], lookup.code_order(v["code"])))
        at = (" at " + " or ".join(statuses)) if statuses else ""
        below = " and its boards" if board and len(scope_ids or []) > 1 else ""
        scope = f" for the {board.name}{below}" if board else ""
        if not views:
            if not counts["red"] + counts["amber"] + counts["green"] + unknown:
                return message(f"No indicators are recorded{scope}.", first_day.NO_INDICATORS)
            return message(
                f"No indicators{at}{scope} just now.",
                f"{counts['red']} red, {counts['amber']} amber, {counts['green']} green"
                + (f", {unknown} without a status" if unknown else "")
                + ".",
            )
        page = page_of(ctx, views)
        title = "Indicators" + (f": {board.name}{below}" if board else "") + at
        return Reply(
            "indicators",
            {
                "title": title,
                "indicators": page.items,
                "page": page.view(),
                "counts": counts,
                "unknown": unknown,
                "show_boards": len({v["board"] for v in views}) > 1,
            },
        )


@command(
    "indicator",
    kept=True,
    aliases=("ni", "kpi"),
    summary="One indicator in full: baseline, targets, readings, trend",
    usage="indicator CODE-OR-WORDS",
    examples=("indicator NI 151", "indicator employment rate"),
    details="By its code (`NI 151`, `ni151`, `151`) or by words of its title (`employment rate`).",
)
def indicator(ctx: Context, words: str) -> Reply:
    if not words.strip():
        return message("Which indicator? e.g. `indicator NI 151` or `indicator employment rate`.")
    shown = words if len(words) <= 60 else words[:60] + "…"
    with read_only(ctx.engine) as session:
        everything = indicator_queries.active_indicators(session)
        found = lookup.find(everything, words)
        if not found:
            close = lookup.suggestions(everything, words)
            hint = (
                ("Did you mean " + " or ".join(f"`{i.code}` ({i.title})" for i in close) + "?")
                if close
                else "`/forum indicators` lists them."
            )
            return message(f"I can't find an indicator matching “{shown}”.", hint)
        if len(found) > 1:
            found.sort(key=lambda i: lookup.code_order(i.code))
            options = "; ".join(f"{i.code} {i.title}" for i in found[:10])
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            return message(
                f"“{shown}” matches several: {options}{more}.", f"Give the code, e.g. `indicator {found[0].code}`."
            )
        view = indicator_views(session, ctx, found)[0]
        return Reply("indicator", {"indicator": {**view, **charts.indicator_chart(ctx.settings, ctx.now, view)}})
