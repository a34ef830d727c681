"""`scorecard [board]`: a board's indicators in one picture (small multiples, red first) and a table;
and the figures every chart at `/charts/<token>.png` is drawn from, read fresh for each request."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from commands.core import charts, rag
from commands.core import indicator_lookup as lookup
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.indicators import RAG_ORDER, board_and_below, indicator_views
from storage import boards as board_queries
from storage import indicators as indicator_queries
from storage.db import read_only
from storage.tables import Board

MAX_ROWS = 40  # the table beside the picture; `indicators BOARD` pages through any more


def _ordered(views: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(views, key=lambda v: (RAG_ORDER[v["rag"]], lookup.code_order(v["code"])))


def board_views(session: Session, ctx: Context, board: Board) -> list[dict[str, Any]]:
    """The board's indicators and those of the boards under it, red first."""
    scope = board_and_below(session, board)
    return _ordered(indicator_views(session, ctx, indicator_queries.active_indicators(session, scope)))


def _row(view: dict[str, Any]) -> dict[str, Any]:
    year = rag.year_of(view["latest_period"]) if view["latest_period"] else None
    target = next((t["value"] for t in view["targets"] if t["period"] == year), None)
    return {**view, "target": target}


@command(
    "scorecard",
    kept=True,
    aliases=("dashboard",),
    summary="A board's indicators at a glance: a chart of each, red first, and the table",
    usage="scorecard [board]",
    examples=("scorecard", "scorecard safer"),
    details="One picture of the board's indicators (and its boards' below it) as small charts, red first, "
    "each with its readings against its targets, and beside it the table: latest reading, target, status "
    "and direction of travel. The picture needs the bot's public address (FORUM_PUBLIC_URL); "
    "without it the table comes alone.",
)
def scorecard(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        chosen = choose_board(session, ctx, words.strip())
        if isinstance(chosen, Reply):
            return chosen
        name, slug = chosen.name, chosen.slug
        views = board_views(session, ctx, chosen)
    if not views:
        return message(f"No indicators are recorded for the {name}.", "`/forum indicators` lists them all.")
    counts = {c: sum(1 for v in views if v["rag"] == c) for c in ("red", "amber", "green")}
    version = charts.fingerprint(
        [[charts.chart_figures(v) for v in views], ctx.settings.amber_tolerance, ctx.settings.green_tolerance]
    )
    return Reply(
        "scorecard",
        {
            "title": f"Scorecard: {name}",
            "board": name,
            "rows": [_row(v) for v in views[:MAX_ROWS]],
            "more": max(0, len(views) - MAX_ROWS),
            "pictured": min(len(views), charts.MAX_PANELS),
            "total": len(views),
            "counts": counts,
            "unknown": len(views) - sum(counts.values()),
            "slug": slug,
            "chart_url": charts.chart_url(ctx.settings, "scorecard", slug, ctx.now, version),
            "chart_alt": charts.scorecard_alt(name, views),
        },
    )


def chart_views(ctx: Context, kind: str, subject: str) -> tuple[str, list[dict[str, Any]]] | None:
    """What a chart of `kind` for `subject` shows now: its title and indicator views (one for an
    indicator or a sparkline, the board's for a scorecard); None when the indicator or board is gone."""
    with read_only(ctx.engine) as session:
        if kind == "scorecard":
            board = board_queries.board_by_slug(session, subject)
            if board is None or board.archived_at is not None:
                return None
            return board.name, board_views(session, ctx, board)[: charts.MAX_PANELS]
        found = [i for i in indicator_queries.active_indicators(session) if i.code == subject]
        if not found:
            return None
        views = indicator_views(session, ctx, found[:1])
        return views[0]["code"], views
