"""People from the workspace (issue 15): a person made from a Slack profile, a board's members kept
in step with its channel. Every write goes through storage/writes.py, so each is audited.

A person the bot already knows by name (named in a paper or file before they joined Slack) is
linked, not doubled, when a Slack user with exactly that name turns up. A member who leaves a
board's channel keeps their history: their membership is ended (archived), never deleted, and is
taken up again if they rejoin.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from commands.core.workspace import Profile, Workspace
from storage import partnership as partnership_queries
from storage.people import find_organisation, name_key, person_by_slack_id
from storage.tables import Board, BoardMember, Organisation, Person
from storage.types import utcnow
from storage.writes import change, create


def _organisation(session: Session, actor: str, profile: Profile) -> int | None:
    """The organisation a profile names: the profile field the admin chose, else the e-mail's
    domain as the admin mapped it. Neither: left empty (nothing is guessed)."""
    details = partnership_queries.details(session)
    if details is None:
        return None
    name = ""
    if details.organisation_field:
        name = profile.fields.get(details.organisation_field, "").strip()
    if not name and profile.email and "@" in profile.email:
        domain = profile.email.rsplit("@", 1)[1].casefold()
        name = str((details.email_domains or {}).get(domain) or "").strip()
    if not name:
        return None
    organisation = find_organisation(session, name)
    if organisation is None:
        organisation = create(session, actor, Organisation(name=name[:200], source=f"slack:{profile.user_id}"))
    return organisation.id


def _unlinked_named(session: Session, name: str) -> Person | None:
    """Someone known only by name (no Slack account yet) whose name is exactly this one."""
    key = name_key(name)
    if not key:
        return None
    people = session.exec(
        select(Person).where(Person.archived_at.is_(None), Person.slack_user_id.is_(None))  # type: ignore[union-attr]
    ).all()
    same = [p for p in people if name_key(p.name) == key]
    return same[0] if len(same) == 1 else None  # two of that name: not for us to pick


def person_from_profile(session: Session, actor: str, profile: Profile) -> Person:
    """The person for this Slack user: already linked; else the one person known by that exact name,
    now linked; else created from the profile (real name, title, e-mail, organisation)."""
    person = person_by_slack_id(session, profile.user_id)
    if person is not None:
        if person.organisation_id is None:  # e.g. the admin, claimed before the organisations were set up
            organisation_id = _organisation(session, actor, profile)
            if organisation_id is not None:
                change(session, actor, person, {"organisation_id": organisation_id}, note="organisation from Slack")
        return person
    name = profile.name or profile.user_id
    person = _unlinked_named(session, name)
    organisation_id = _organisation(session, actor, profile)
    if person is not None:
        values: dict[str, object] = {"slack_user_id": profile.user_id}
        # fill what is missing; what officers or papers wrote stays
        if not person.title and profile.title:
            values["title"] = profile.title[:300]
        if not person.email and profile.email:
            values["email"] = profile.email[:200]
        if person.organisation_id is None and organisation_id is not None:
            values["organisation_id"] = organisation_id
        change(session, actor, person, values, note="linked to their Slack account")
        return person
    return create(
        session,
        actor,
        Person(
            name=name[:200],
            title=profile.title[:300] or None,
            email=profile.email[:200] or None,
            slack_user_id=profile.user_id,
            organisation_id=organisation_id,
            source=f"slack:{profile.user_id}",
        ),
    )


def person_named(session: Session, actor: str, name: str, source: str | None = None) -> Person:
    """A person known by name only (no Slack account yet): the one of that name, or a new one."""
    from storage.people import find_person

    found = find_person(session, name)
    if found is not None:
        return found
    return create(session, actor, Person(name=name.strip()[:200], source=(source or actor)[:300]))


def join_board(session: Session, actor: str, board: Board, person: Person, source: str) -> str:
    """Make `person` a member of `board`: "added", "rejoined" (a membership ended before, taken up
    again) or "already"."""
    membership = session.exec(
        select(BoardMember).where(BoardMember.board_id == board.id, BoardMember.person_id == person.id)
    ).first()
    if membership is None:
        create(session, actor, BoardMember(board_id=board.id, person_id=person.id, source=source[:300]))  # type: ignore[arg-type]
        return "added"
    if membership.archived_at is not None:
        change(session, actor, membership, {"archived_at": None}, note="rejoined", verb="update")
        return "rejoined"
    return "already"


def leave_board(session: Session, actor: str, board: Board, person: Person, note: str) -> bool:
    """End `person`'s membership of `board`, keeping it (and everything they did) on record."""
    membership = session.exec(
        select(BoardMember).where(
            BoardMember.board_id == board.id,
            BoardMember.person_id == person.id,
            BoardMember.archived_at.is_(None),  # type: ignore[union-attr]
        )
    ).first()
    if membership is None:
        return False
    change(session, actor, membership, {"archived_at": utcnow()}, note=note, verb="archive")
    return True


@dataclass
class Synced:
    added: list[str] = field(default_factory=list)  # names
    unreadable: bool = False  # the bot could not see the channel's members


def sync_channel(session: Session, actor: str, board: Board, workspace: Workspace) -> Synced:
    """Everyone in the board's channel becomes a member of the board (bots left out). Members not in
    the channel are left alone: officers add some by hand (`add member`), and leaving is an event."""
    synced = Synced()
    if not board.slack_channel_id:
        return synced
    user_ids = workspace.channel_members(board.slack_channel_id)
    if user_ids is None:
        synced.unreadable = True
        return synced
    for user_id in user_ids:
        person = person_by_slack_id(session, user_id)
        if person is None or person.organisation_id is None:  # new, or their organisation still unknown
            profile = workspace.profile(user_id)
            if profile is None or not profile.is_person:
                continue
            person = person_from_profile(session, actor, profile)
        if join_board(session, actor, board, person, f"slack:channel:{board.slack_channel_id}") != "already":
            synced.added.append(person.name)
    return synced
