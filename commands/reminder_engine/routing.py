"""Each reminder to a person goes the way they hear (commands/core/notify.py `routes`): a Slack DM,
an e-mail, or both (issue 18).

The rules address a person by `person_target` (their Slack id, else "person:ID"); here each such
reminder becomes one delivery per route: the Slack one as the rules made it, and an e-mail with the
target "mail:ID" — its own key, so the DM and the e-mail of one reminder are each claimed and sent
exactly once, and a change of route stops the other's retries. Channel posts are the boards', not
anyone's, and stay as they are.

A person who can be reached neither way they chose (no Slack account for "slack", no address or
no e-mail set up for "email") hears the way they can; with no way at all the reminder stays on
"person:ID" and is recorded as undeliverable, for officers to see.
"""

from __future__ import annotations

from dataclasses import replace
from email.utils import formataddr

from sqlalchemy import or_
from sqlmodel import Session, col, select

from commands.core.notify import routes
from commands.reminder_engine.rules import MAIL, Due, person_target, stored
from settings import Settings
from storage.tables import Person

PERSON = "person:"


def _people(session: Session, dues: list[Due]) -> dict[str, Person]:
    """The people the reminders are to, by their target."""
    ids = {int(d.target.removeprefix(PERSON)) for d in dues if d.target.removeprefix(PERSON).isdigit()}
    slack_ids = {d.target for d in dues if not d.target.startswith((PERSON, "board:", MAIL))}  # channels: no one
    if not ids and not slack_ids:
        return {}
    found: dict[str, Person] = {}
    query = select(Person).where(or_(col(Person.id).in_(ids), col(Person.slack_user_id).in_(slack_ids)))
    for person in session.exec(query).all():
        found[f"{PERSON}{person.id}"] = person
        if person.slack_user_id:
            found[person.slack_user_id] = person
    return found


def ways(person: Person, email: bool) -> set[str]:
    """How a reminder reaches `person` ("slack", "email"); `email`: whether this bot sends e-mail."""
    chosen = routes(person) - (set() if email else {"email"})
    if chosen:
        return chosen
    if person.slack_user_id:  # what they chose cannot reach them: the way that can
        return {"slack"}
    return {"email"} if email and person.email else set()


def targets(person: Person, email: bool) -> list[str]:
    """The deliveries a reminder to `person` becomes: their Slack target (also when there is no way
    at all, so it is recorded as undeliverable, as before) and/or "mail:ID"."""
    how = ways(person, email)
    found = [person_target(person)] if "slack" in how or not how else []
    if "email" in how:
        found.append(f"{MAIL}{stored(person.id)}")
    return found


def mail_due(due: Due, person: Person) -> Due:
    return replace(
        due,
        target=f"{MAIL}{stored(person.id)}",
        recipient=f"{due.recipient} (e-mail)",
        address=formataddr((person.name, person.email or "")),
    )


def by_route(session: Session, settings: Settings, dues: list[Due]) -> list[Due]:
    """The reminders as deliveries: each to a person once per route they hear by."""
    if not dues:
        return dues
    people = _people(session, dues)
    if not people:
        return dues
    email = settings.sends_email
    out: list[Due] = []
    for due in dues:
        person = people.get(due.target)
        if person is None:
            out.append(due)
            continue
        for target in targets(person, email):
            out.append(mail_due(due, person) if target.startswith(MAIL) else due)
    return out
