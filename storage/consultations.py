"""Consultations the partnership is responding to."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from storage.people import names_by_id
from storage.tables import Consultation


def consultations(session: Session, today: date | None = None, owner_id: int | None = None) -> list[Consultation]:
    """Open ones (closing today or later, or with no closing date yet) soonest first, those with no
    date last, when `today` is given; else every one, those with no date first (still open), then
    latest closing first."""
    statement = select(Consultation).where(col(Consultation.archived_at).is_(None))
    if owner_id is not None:
        statement = statement.where(Consultation.response_owner_id == owner_id)
    if today is not None:
        statement = statement.where(col(Consultation.closes).is_(None) | (col(Consultation.closes) >= today))
        # `closes IS NULL` sorts last on both databases (SQLite puts NULLs first, PostgreSQL last).
        statement = statement.order_by(
            col(Consultation.closes).is_(None), col(Consultation.closes), col(Consultation.id)
        )
    else:
        statement = statement.order_by(
            col(Consultation.closes).is_not(None), col(Consultation.closes).desc(), col(Consultation.id)
        )
    return list(session.exec(statement).all())


def consultation(session: Session, consultation_id: int) -> Consultation | None:
    found = session.get(Consultation, consultation_id)
    return found if found is not None and found.archived_at is None else None


def owner_names(session: Session, consultations: list[Consultation]) -> dict[int | None, str]:
    return names_by_id(session, [c.response_owner_id for c in consultations])
