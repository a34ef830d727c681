"""Consultations the partnership is responding to."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from storage.people import names_by_id
from storage.tables import Consultation


def consultations(session: Session, today: date | None = None, owner_id: int | None = None) -> list[Consultation]:
    """Open ones (closing today or later, or with no closing date yet) soonest first, those with no
    date last, when `today` is given; else every one, those with no date first (still open), then
    latest closing first."""
    statement = select(Consultation).where(Consultation.archived_at.is_(None))  # type: ignore[union-attr]
    if owner_id is not None:
        statement = statement.where(Consultation.response_owner_id == owner_id)
    if today is not None:
        statement = statement.where(Consultation.closes.is_(None) | (Consultation.closes >= today))  # type: ignore[union-attr,operator]
        # `closes IS NULL` sorts last on both databases (SQLite puts NULLs first, PostgreSQL last).
        statement = statement.order_by(Consultation.closes.is_(None), Consultation.closes, Consultation.id)  # type: ignore[union-attr]
    else:
        statement = statement.order_by(Consultation.closes.is_not(None), Consultation.closes.desc(), Consultation.id)  # type: ignore[union-attr]
    return list(session.exec(statement).all())


def consultation(session: Session, consultation_id: int) -> Consultation | None:
    found = session.get(Consultation, consultation_id)
    return found if found is not None and found.archived_at is None else None


def owner_names(session: Session, consultations: list[Consultation]) -> dict[int, str]:
    return names_by_id(session, [c.response_owner_id for c in consultations])
