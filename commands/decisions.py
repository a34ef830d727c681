"""The decisions register: `decisions [WORDS | board | since DATE | DATE to DATE]` and `decision D-N`."""

from __future__ import annotations

import re

from commands.actions import action_views
from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.paging import page_of
from commands.core.periods import board_named, period_in
from commands.core.registry import command
from commands.core.reply import Reply, message
from storage import decisions as decision_queries
from storage.db import read_only

# D-12, d12, D 12: a resolution's id, short and stable whatever happens to its minute's numbering.
_REF = re.compile(r"^d\s*-?\s*0*(\d{1,9})$", re.IGNORECASE)
DISCUSSION_LIMIT = 1500


@command(
    "decisions",
    kept=True,
    summary="The decisions register: every resolution, newest first",
    usage="decisions [WORDS | board | since DATE | DATE to DATE]",
    examples=("decisions", "decisions report since 2010", "decision D-1"),
    details="Words are looked for in the resolution and its minute's title.",
)
def decisions(ctx: Context, words: str) -> Reply:
    period = period_in(ctx, words[:200])
    if isinstance(period, Reply):
        return period
    words, since, until = period.words, period.since, period.until
    with read_only(ctx.engine) as session:
        board_id = None
        board = board_named(session, words)
        if board is not None:
            board_id, words = board.id, ""
        tokens = words.split()
        found = decision_queries.find_decisions(session, tokens, board_id, since, until)
        if not found:
            shown = words if len(words) <= 60 else words[:60] + "…"
            return message(
                f"No resolution matches “{shown}”." if shown else "No resolutions match.",
                "Try fewer words, or `decisions` for them all.",
            )
        page = page_of(ctx, found)
        views = [_view(ctx, d) for d in page.items]
        return Reply("decisions", {"title": "Decisions", "decisions": views, "page": page.view()})


def _view(ctx: Context, d: decision_queries.Decision) -> dict[str, object]:
    """A resolution as the register and `decision` show it, with the reference members type."""
    return {
        "ref": f"D-{d.resolution.id}",
        "board": d.board.name,
        "date": long_date(d.meeting.starts_at.astimezone(ctx.tz).date()),
        "minute": f"{d.minute.number} {d.minute.title}",
        "label": d.resolution.label,
        "text": d.resolution.text,
    }


@command(
    "decision",
    kept=True,
    summary="One resolution with its minute's discussion and the actions from it",
    usage="decision D-N",
    examples=("decision D-1",),
)
def decision(ctx: Context, words: str) -> Reply:
    match = _REF.match(words.strip())
    if not match:
        return message("Which decision? e.g. `decision D-1`.", "`decisions` lists them with their references.")
    with read_only(ctx.engine) as session:
        d = decision_queries.one_decision(session, int(match.group(1)))
        if d is None:
            return message(f"There is no decision D-{int(match.group(1))}.", "`decisions` lists them.")
        discussion = d.minute.discussion or ""
        view = {
            **_view(ctx, d),
            "discussion": discussion[:DISCUSSION_LIMIT],
            "cut": len(discussion) > DISCUSSION_LIMIT,
            # the same view of an action as `actions` gives: owner by name, status in words
            "actions": action_views(session, ctx, decision_queries.actions_from(session, d)),
        }
        return Reply("decision", {"decision": view})
