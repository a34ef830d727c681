"""`indicators missing [board]`: the readings that are overdue, and who owes them.

Answered by `indicators` when its first word is `missing` (commands/indicators.py); what is owed
and when is worked out in commands/core/readings_due.py, as the reminders chase it.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any

from sqlmodel import Session

from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.indicator_lookup import code_order
from commands.core.paging import page_of
from commands.core.readings_due import Chase, Owed, load_chase
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage.db import read_only
from storage.tables import Board

WORDS = frozenset({"missing", "overdue"})


def _below(boards: dict[int, Board], board: Board) -> list[int]:
    """The board and every board under it (as `indicators BOARD` counts them)."""
    found: list[int] = []
    waiting = [board.id or 0]
    while waiting:
        current = waiting.pop()
        if current not in found:
            found.append(current)
            waiting += [b.id or 0 for b in boards.values() if b.parent_id == current]
    return found


def _chase(session: Session, ctx: Context) -> Chase:
    boards = {b.id or 0: b for b in board_queries.active_boards(session)}
    forum = board_queries.board_by_slug(session, ctx.settings.default_board) or next(
        (b for b in boards.values() if b.kind == "forum"), None
    )
    return load_chase(session, boards, forum, ctx.today)


def overdue(chase: Chase, ctx: Context, board_ids: list[int] | None = None) -> list[Owed]:
    return [o for o in chase.owed_on(ctx.today, board_ids) if o.due < ctx.today]


def missing(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        board: Board | None = None
        if words.strip():
            chosen = choose_board(session, ctx, words.strip())
            if isinstance(chosen, Reply):
                return chosen
            board = chosen
        chase = _chase(session, ctx)
        scope = _below(chase.boards, board) if board else None
        owed = chase.owed_on(ctx.today, scope)
        late = [o for o in owed if o.due < ctx.today]
        coming = [o for o in owed if o.due >= ctx.today]
        below = " and its boards" if board and len(scope or []) > 1 else ""
        where = f" for the {board.name}{below}" if board else ""
        soon = (
            f"{len(coming)} more due soon, the next {coming[0].view(ctx.today)['when']} "
            f"({coming[0].indicator.code}, {coming[0].period.name})."
            if coming
            else ""
        )
        if not late:
            return message(f":white_check_mark: No indicator readings are overdue{where}.", soon or None)
        # One entry per indicator, its overdue periods oldest first; by board, then by code.
        late.sort(key=lambda o: (o.board.name if o.board else "", code_order(o.indicator.code), o.due))
        views: list[dict[str, Any]] = []
        for _, owed_here in groupby(late, key=lambda o: o.indicator.id):
            rows = [o.view(ctx.today) for o in owed_here]
            views.append({**rows[0], "periods": rows})
        page = page_of(ctx, views)
        groups = [
            {"board": name, "indicators": list(rows)} for name, rows in groupby(page.items, key=lambda v: v["board"])
        ]
        return Reply(
            "indicators_missing",
            {
                "title": f"Readings overdue{(': ' + board.name + below) if board else ''}",
                "total": len(late),
                "groups": groups,
                "page": page.view(),
                "soon": soon,
            },
        )
