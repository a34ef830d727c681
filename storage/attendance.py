"""Queries for attendance across meetings: the meetings whose attendance the minutes recorded, who
was recorded at them, and who was expected (the boards' members)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.tables import Attendance, BoardMember, Meeting, Organisation, Person
from storage.types import MeetingStatus

# Who a board expects at its meetings: its members, not the officers and observers who support it.
EXPECTED_POSITIONS = ("member", "chair", "vice-chair", "vice_chair")


@dataclass(frozen=True)
class Record:
    meeting_id: int
    person_id: int | None
    kind: str
    substitute_for_id: int | None


def recorded_meetings(
    session: Session,
    board_ids: list[int] | None,
    before: datetime,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Meeting]:
    """Live meetings before `before` (not cancelled) whose attendance was recorded, oldest first: a
    meeting with no attendance recorded says nothing about who came."""
    recorded = select(Attendance.meeting_id).where(col(Attendance.archived_at).is_(None))
    query = select(Meeting).where(
        col(Meeting.archived_at).is_(None),
        col(Meeting.status) != MeetingStatus.cancelled.value,
        col(Meeting.starts_at) < before,
        col(Meeting.id).in_(recorded),
    )
    if board_ids is not None:
        query = query.where(col(Meeting.board_id).in_(board_ids))
    if since is not None:
        query = query.where(col(Meeting.starts_at) >= since)
    if until is not None:
        query = query.where(col(Meeting.starts_at) < until)
    return list(session.exec(query.order_by(col(Meeting.starts_at), col(Meeting.id))).all())


def records_at(session: Session, meeting_ids: list[int]) -> list[Record]:
    if not meeting_ids:
        return []
    rows = session.exec(
        select(Attendance.meeting_id, Attendance.person_id, Attendance.kind, Attendance.substitute_for_id).where(
            col(Attendance.meeting_id).in_(meeting_ids), col(Attendance.archived_at).is_(None)
        )
    ).all()
    return [Record(m, p, k, s) for m, p, k, s in rows]


def expected_members(session: Session, board_ids: list[int]) -> dict[int, set[int]]:
    """Each board's live members (chair, vice-chair and members), by board."""
    members: dict[int, set[int]] = {b: set() for b in board_ids}
    if not board_ids:
        return members
    rows = session.exec(
        select(BoardMember.board_id, BoardMember.person_id).where(
            col(BoardMember.board_id).in_(board_ids),
            col(BoardMember.archived_at).is_(None),
            col(BoardMember.position).in_(EXPECTED_POSITIONS),
        )
    ).all()
    for board_id, person_id in rows:
        members.setdefault(board_id, set()).add(person_id)
    return members


def people_and_organisations(
    session: Session, person_ids: set[int]
) -> tuple[dict[int, Person], dict[int, Organisation]]:
    if not person_ids:
        return {}, {}
    people = {p.id: p for p in session.exec(select(Person).where(col(Person.id).in_(person_ids))).all()}
    organisation_ids = {p.organisation_id for p in people.values() if p.organisation_id is not None}
    organisations = {
        o.id: o for o in session.exec(select(Organisation).where(col(Organisation.id).in_(organisation_ids))).all()
    }
    return {k: v for k, v in people.items() if k is not None}, {k: v for k, v in organisations.items() if k is not None}
