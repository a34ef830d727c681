"""Indicators: `indicators [red | amber | green | BOARD]` and `indicator CODE-OR-WORDS`."""

from __future__ import annotations

import re

from sqlmodel import Session

from commands import rag
from commands.context import Context
from commands.load_partnership import normalise_indicator_code
from commands.paging import page_of
from commands.registry import command
from commands.reply import Reply, message
from storage import boards as board_queries
from storage import indicators as indicator_queries
from storage.db import read_only
from storage.tables import Board, Indicator, Organisation

RAG_ORDER = {"red": 0, "amber": 1, "green": 2, None: 3}
_CODE = re.compile(r"^(?:ni\s*)?0*(\d{1,4})$", re.IGNORECASE)


def indicator_views(session: Session, ctx: Context, indicators: list[Indicator]) -> list[dict]:
    targets, readings = indicator_queries.figures(session, [i.id for i in indicators])
    boards = {b.id: b.name for b in board_queries.active_boards(session)}
    views = []
    for indicator in indicators:
        mine = readings.get(indicator.id, {})
        ordered = sorted(mine, key=rag.period_key)
        latest = ordered[-1] if ordered else None
        previous = ordered[-2] if len(ordered) > 1 else None
        value = mine.get(latest) if latest else None
        target = targets.get(indicator.id, {}).get(rag.year_of(latest)) if latest else None
        status = rag.status(value, target, indicator.direction, ctx.settings.amber_tolerance,
                            ctx.settings.green_tolerance, latest)
        lead = indicator.lead_text
        if not lead and indicator.lead_organisation_id:
            organisation = session.get(Organisation, indicator.lead_organisation_id)
            lead = organisation.name if organisation else None
        views.append({
            "code": indicator.code, "title": indicator.title, "unit": indicator.unit,
            "direction": "higher is better" if indicator.direction == "higher" else "lower is better",
            "rag": status.rag, "reason": status.reason, "latest": value, "latest_period": latest,
            "previous": mine.get(previous) if previous else None, "previous_period": previous,
            "trend": rag.trend(value, mine.get(previous) if previous else None, indicator.direction),
            "baseline": indicator.baseline, "baseline_period": indicator.baseline_period,
            "targets": [{"period": p, "value": v} for p, v in sorted(targets.get(indicator.id, {}).items(),
                                                                     key=lambda pv: rag.period_key(pv[0]))],
            "readings": [{"period": p, "value": mine[p]} for p in ordered],
            "lead": lead, "partners": indicator.partners or [], "board": boards.get(indicator.board_id),
            "illustrative": indicator.illustrative, "note": indicator.note,
            "summary": status.reason if status.rag else None,
        })
    return views


def red_indicators_of(session: Session, ctx: Context, board_ids: list[int]) -> list[dict]:
    """For the Home tab: red indicators the caller's boards are responsible for."""
    return [v for v in indicator_views(session, ctx, indicator_queries.active_indicators(session, board_ids))
            if v["rag"] == "red"]


def find_indicators(session: Session, words: str) -> list[Indicator]:
    """`NI 151`, `ni151`, `151`, `NI 0151` or words of the title (`employment rate`)."""
    indicators = indicator_queries.active_indicators(session)
    compact = words.strip()
    if match := _CODE.match(compact.replace(" ", "")):
        code = f"NI {int(match.group(1))}"
        exact = [i for i in indicators if i.code == code]
        if exact:
            return exact
    code = normalise_indicator_code(compact)
    exact = [i for i in indicators if i.code.casefold() == code.casefold()]
    if exact:
        return exact
    tokens = [t for t in re.split(r"\W+", compact.casefold()) if t and t not in {"the", "of", "and", "rate"}]
    if not tokens:
        tokens = [t for t in re.split(r"\W+", compact.casefold()) if t]
    return [i for i in indicators if tokens and all(t in f"{i.code} {i.title}".casefold() for t in tokens)]


@command("indicators", aliases=("kpis", "performance", "nis", "rag"),
         summary="How the indicators stand: red, amber or green against target",
         usage="indicators [red | amber | green | board]",
         examples=("indicators", "indicators red", "indicators safer"),
         details="Each indicator's latest reading against the target for its year, taking into account "
                 "whether higher or lower is better. Red first.")
def indicators(ctx: Context, words: str) -> Reply:
    wanted = words.strip().casefold()
    with read_only(ctx.engine) as session:
        board: Board | None = None
        if wanted and wanted not in RAG_ORDER:
            boards = board_queries.find_boards(session, words)
            if len(boards) != 1:
                return message(f"I don't know a board or status called “{words[:60]}”.",
                               "Try `indicators red`, `indicators amber`, `indicators green` or a board.")
            board = boards[0]
        found = indicator_queries.active_indicators(session, [board.id] if board else None)
        views = indicator_views(session, ctx, found)
        if wanted in {"red", "amber", "green"}:
            views = [v for v in views if v["rag"] == wanted]
        views.sort(key=lambda v: (RAG_ORDER[v["rag"]], v["code"]))
        title = "Indicators" + (f": {board.name}" if board else "") + (f" at {wanted}" if wanted in RAG_ORDER else "")
        if not views:
            return message(f"No indicators{' at ' + wanted if wanted in RAG_ORDER else ''}"
                           f"{' for the ' + board.name if board else ''}.")
        counts = {c: sum(1 for v in views if v["rag"] == c) for c in ("red", "amber", "green")}
        page = page_of(ctx, views)
        return Reply("indicators", {"title": title, "indicators": page.items, "page": page.view(),
                                    "counts": counts, "unknown": sum(1 for v in views if v["rag"] is None)})


@command("indicator", aliases=("ni", "kpi"), summary="One indicator in full: baseline, targets, readings, trend",
         usage="indicator CODE-OR-WORDS", examples=("indicator NI 151", "indicator employment rate"))
def indicator(ctx: Context, words: str) -> Reply:
    if not words.strip():
        return message("Which indicator? e.g. `indicator NI 151` or `indicator employment rate`.")
    with read_only(ctx.engine) as session:
        found = find_indicators(session, words)
        if not found:
            return message(f"I can't find an indicator matching “{words[:60]}”.", "`/forum indicators` lists them.")
        if len(found) > 1:
            options = "; ".join(f"{i.code} {i.title}" for i in found[:10])
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            return message(f"“{words[:60]}” matches several: {options}{more}.", "Give the code, e.g. `indicator NI 151`.")
        return Reply("indicator", {"indicator": indicator_views(session, ctx, found)[0]})
