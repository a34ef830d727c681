"""Roles: `grant @person ROLE` (admins), and `forum admin grant SLACK_USER_ID ROLE` to bootstrap."""

from __future__ import annotations

from sqlmodel import Session

from commands.core.context import Context
from commands.core.permissions import ADMINS, check
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.people_admin import person_for
from storage.db import transaction
from storage.people import find_person, person_by_slack_id
from storage.tables import Person
from storage.writes import change, create

ROLES = ("member", "officer", "chair", "admin")


def _a(role: str) -> str:
    return f"{'an' if role[:1] in 'aeiou' else 'a'} {role}"


def set_role(session: Session, actor: str, person: Person, role: str) -> Reply:
    if role not in ROLES:
        return refusal(f"“{role[:20]}” is not a role: use one of {', '.join(ROLES)}.")
    if person.role == role:
        return message(f"{person.name} is already {_a(role)}.")
    old = person.role
    change(session, actor, person, {"role": role})
    return message(f"{person.name} is now {_a(role)} (was {old}).")


@command(
    "grant",
    aliases=("role",),
    summary="Give someone a role: member, officer, chair or admin (admins)",
    usage="grant @person ROLE",
    examples=("grant @Bren officer",),
)
def grant(ctx: Context, words: str) -> Reply:
    who, _, role = words.rpartition(" ")
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, ADMINS, "grant roles"):
            return refused
        if not who:
            return refusal("Say who and which role: `grant @person officer`.")
        person = person_for(session, ctx, who)  # someone @mentioned but not yet known: from their Slack profile
        if isinstance(person, Reply):
            return person
        return set_role(session, ctx.user_id or "console", person, role.casefold())


def grant_from_cli(ctx: Context, slack_user_id: str, role: str, name: str | None) -> Reply:
    """Bootstrap: link a Slack user to a person (found or created by name) and give them a role."""
    with transaction(ctx.engine) as session:
        person = person_by_slack_id(session, slack_user_id)
        if person is None:
            if not name:
                return refusal(f'Nobody has Slack id {slack_user_id}: add --name "Their Name" to link or create them.')
            person = find_person(session, name)
            if person is None:
                person = create(session, "cli", Person(name=name.strip(), slack_user_id=slack_user_id, source="cli"))
                # new: "already a member" would say they were here before
                granted = set_role(session, "cli", person, role.casefold())
                if not granted.ok:
                    return granted
                return message(f"{person.name} ({slack_user_id}) is added to the partnership as {_a(person.role)}.")
            elif person.slack_user_id and person.slack_user_id != slack_user_id:
                return refusal(f"{person.name} already has Slack id {person.slack_user_id}.")
            else:
                change(session, "cli", person, {"slack_user_id": slack_user_id})
        return set_role(session, "cli", person, role.casefold())
