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


def _matching(people: list[Person], key: str) -> list[Person]:
    """People whose every name word starts with one of the words given ("bren", "b mcgowan"), else
    whose name merely contains them ("gowan")."""
    parts = key.replace(".", " ").split()
    if not parts:
        return []

    def words_of(person: Person) -> list[str]:
        return name_key(person.name).replace(".", " ").replace("-", " ").split() + [name_key(person.name)]

    prefixed = [p for p in people if all(any(w.startswith(part) for w in words_of(p)) for part in parts)]
    if prefixed:
        return prefixed
    return [p for p in people if all(part in name_key(p.name) for part in parts)]


def find_people(session: Session, words: str) -> list[Person]:
    """Everyone `words` could mean: one person when it is clear, several when it is not, none."""
    slack_id = mentions.user_id(words)
    if slack_id:
        person = person_by_slack_id(session, slack_id)
        if person is not None:
            return [person]
        words = mentions.user_label(words) or ""  # an id we don't know: the name Slack gave, if any
    name = mentions.without_at(words)
    if not name_key(name):
        return []
    exact = find_person(session, name)
    if exact:
        return [exact]
    people = list(session.exec(select(Person).where(Person.archived_at.is_(None))).all())  # type: ignore[union-attr]
    return _matching(people, name_key(name))


def resolve_person(session: Session, words: str) -> Person | Reply:
    """`<@U0BREN001>`, `<@U0BREN001|bren>`, `@Bren`, `@Bren McGowan`, `Bren McGowan` or `bren` → that
    person; several who fit → asked which; nobody → a polite no."""
    found = find_people(session, words)
    if len(found) == 1:
        return found[0]
    shown = words if len(words) <= 60 else words[:60] + "…"
    if len(found) > 1:
        names = ", ".join(p.name for p in found[:8])
        more = f" and {len(found) - 8} more" if len(found) > 8 else ""
        return message(f"“{shown}” could be several people: {names}{more}. Which one?", "Give the full name.")
    if mentions.user_id(words):
        return message("The person you mentioned isn't in the partnership's records yet.", "An officer can add them.")
    return message(
        f"I can't find anyone called “{shown}” in the partnership's records.", "Check the spelling, or @mention them."
    )
