"""The partnership's own details (one row, set up in Slack with `/forum setup`), and first-day facts."""

from __future__ import annotations

from sqlalchemy import func, text
from sqlmodel import Session, select

from storage.tables import Board, BoardMember, Indicator, Meeting, PartnershipDetails, Person


def details(session: Session) -> PartnershipDetails | None:
    return session.exec(
        select(PartnershipDetails).where(PartnershipDetails.archived_at.is_(None)).order_by(PartnershipDetails.id)  # type: ignore[union-attr,arg-type]
    ).first()


_CLAIM_LOCK = 7_150_015  # an advisory lock's number: "the partnership is being claimed"


def claim_lock(session: Session) -> None:
    """PostgreSQL: held until the transaction ends, so whoever claims the partnership (`/forum setup`
    with no admin yet) asks `has_admin` only after the other claimant has finished. SQLite has one
    writer at a time, and `claim_admin` is the one statement that decides there."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _CLAIM_LOCK})


def claim_admin(session: Session, person_id: int) -> bool:
    """Make this person the admin only if nobody is one yet, in one statement; whether they were.
    Two admins claiming at once: exactly one is (issue 15). The caller audits the change."""
    session.flush()
    claimed = session.execute(
        text(
            "UPDATE person SET role = 'admin' WHERE id = :id AND NOT EXISTS "
            "(SELECT 1 FROM person AS other WHERE other.role = 'admin' AND other.archived_at IS NULL)"
        ),
        {"id": person_id},
    )
    return bool(getattr(claimed, "rowcount", 0) == 1)


def has_admin(session: Session) -> bool:
    return (
        session.exec(
            select(Person.id).where(Person.role == "admin", Person.archived_at.is_(None)).limit(1)  # type: ignore[union-attr]
        ).first()
        is not None
    )


def has_boards(session: Session) -> bool:
    return session.exec(select(Board.id).where(Board.archived_at.is_(None)).limit(1)).first() is not None  # type: ignore[union-attr]


def is_empty(session: Session) -> bool:
    """A brand-new partnership: no boards, and no meetings, actions, consultations or indicators either
    (a partnership file may hold consultations or actions without boards; that is not a first day)."""
    from storage.tables import Action, Consultation

    for table in (Board, Meeting, Action, Consultation, Indicator):
        if session.exec(select(table.id).limit(1)).first() is not None:
            return False
    return True


def first_day_counts(session: Session) -> dict[str, int]:
    """How far a new partnership has got: the App Home checklist ticks these off."""

    def count(statement: object) -> int:
        return int(session.exec(statement).one())  # type: ignore[call-overload]

    live_boards = Board.archived_at.is_(None)  # type: ignore[union-attr]
    return {
        "boards": count(select(func.count()).select_from(Board).where(live_boards)),
        "channels": count(
            select(func.count()).select_from(Board).where(live_boards, Board.slack_channel_id.is_not(None))  # type: ignore[union-attr]
        ),
        "members": count(select(func.count()).select_from(BoardMember).where(BoardMember.archived_at.is_(None))),  # type: ignore[union-attr]
        "meetings": count(select(func.count()).select_from(Meeting).where(Meeting.archived_at.is_(None))),  # type: ignore[union-attr]
        "indicators": count(select(func.count()).select_from(Indicator).where(Indicator.archived_at.is_(None))),  # type: ignore[union-attr]
    }
