"""Empty states that say what to do next (issue 15): a brand-new partnership (no boards, nor any
meetings, actions, consultations or indicators) is pointed to `/forum setup` (in the console, to
`forum demo`) by every command but those that set it up."""

from __future__ import annotations

from commands.core.context import Context
from commands.core.reply import Reply, message
from storage import partnership as partnership_queries
from storage.db import read_only

# What works before there is any board: setting up, help, and roles (the CLI's bootstrap admin grants).
WITHOUT_BOARDS = frozenset({"setup", "help", "grant", "add person"})


def no_boards(ctx: Context) -> Reply:
    if ctx.surface == "console":
        return message(
            "No boards are set up yet.",
            "`forum demo` loads a demo partnership; `forum import FILE.yaml` loads yours; "
            "in Slack, a workspace admin runs `/forum setup`.",
        )
    return message(
        "No boards are set up yet.",
        "A workspace admin runs `/forum setup` to set up the partnership, its boards and their channels.",
    )


def before(ctx: Context, command_name: str) -> Reply | None:
    """The empty-state answer instead of running the command, or None to run it."""
    if command_name in WITHOUT_BOARDS:
        return None
    with read_only(ctx.engine) as session:
        return no_boards(ctx) if partnership_queries.is_empty(session) else None


NO_MEETINGS = "Officers drop the agenda pack into a direct message with me, or use `/forum new meeting`."
NO_INDICATORS = "Officers drop an indicator table or a spreadsheet (.csv) into a direct message with me."
