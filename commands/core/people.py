"""Who is asking, and whom they mean: Slack mentions and names resolved to people."""

from __future__ import annotations

from sqlmodel import Session, select

from commands.core import mentions
from commands.core.context import Context
from commands.core.reply import Reply, message
from storage.people import find_person, name_key, person_by_slack_id
from storage.tables import Person


def caller(session: Session, ctx: Context) -> Person | None:
    return person_by_slack_id(session, ctx.user_id) if ctx.user_id else None


def caller_role(session: Session, ctx: Context) -> str:
    """The console operator is an admin; a Slack user the database doesn't know is a member."""
    if ctx.user_id is None and ctx.surface == "console":
        return "admin"
    person = caller(session, ctx)
    return person.role if person else "member"


def resolve_person(session: Session, words: str) -> Person | Reply:
    """`<@U0BREN001>`, `<@U0BREN001|bren>`, `Bren McGowan` or `bren` → that person, or a polite no."""
    slack_id = mentions.user_id(words)
    if slack_id:
        person = person_by_slack_id(session, slack_id)
        if person is None:
            return message(
                "The person you mentioned isn't in the partnership's records yet.", "An officer can add them."
            )
        return person
    found = find_person(session, words)
    if found:
        return found
    key = name_key(words)
    people = session.exec(select(Person).where(Person.archived_at.is_(None))).all()  # type: ignore[union-attr]
    partial = [p for p in people if key and all(part in name_key(p.name) for part in key.split())]
    if len(partial) == 1:
        return partial[0]
    shown = words if len(words) <= 60 else words[:60] + "…"
    if len(partial) > 1:
        names = ", ".join(p.name for p in partial[:8])
        return message(f"“{shown}” could be several people: {names}.", "Give the full name, or @mention them.")
    return message(
        f"I can't find anyone called “{shown}” in the partnership's records.", "Check the spelling, or @mention them."
    )
