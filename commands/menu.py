"""The global shortcut's menu (Slack's ⚡ "Forum bot"): the forms a person may open — search for
everyone, the officers' `new …` forms for officers and admins — and, once one is chosen, that form
in the menu's place. Not a `/forum` command: typed, the forms are `search` and `new …` already."""

from __future__ import annotations

from commands.core.context import Context
from commands.core.people import caller_role
from commands.core.permissions import EDITORS
from commands.core.reply import Reply
from storage.db import read_only

SEARCH = "search"
# (what is typed, what the menu says), officers' forms: commands/forms.py's kinds
OFFICER_FORMS = (
    ("new meeting", "Add a meeting"),
    ("new agenda-item", "Add an agenda item"),
    ("new action", "Add an action"),
    ("new consultation", "Add a consultation"),
    ("new reading", "Add an indicator reading"),
)


def choices(ctx: Context) -> list[tuple[str, str]]:
    with read_only(ctx.engine) as session:
        role = caller_role(session, ctx)
    offered = [(SEARCH, "Search the partnership's records")]
    return offered + (list(OFFICER_FORMS) if role in EDITORS else [])


def menu(ctx: Context) -> Reply:
    options = [{"value": value, "text": text} for value, text in choices(ctx)]
    return Reply("forum_menu", {"options": options, "officer": len(options) > 1}, modal=True)


def chosen(ctx: Context, value: str) -> str | None:
    """What to run for the option chosen; None for a value the menu did not offer this person (a
    tampered submission, or a role taken away since the menu opened)."""
    return value if value in {v for v, _ in choices(ctx)} else None
