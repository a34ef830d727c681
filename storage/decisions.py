"""Queries for the decisions register: resolutions with their minute, meeting and board."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, or_, select

from storage.tables import Action, Board, Meeting, Minute, Resolution


@dataclass(frozen=True)
class Decision:
    resolution: Resolution
    minute: Minute
    meeting: Meeting
    board: Board


def _escape_like(word: str) -> str:
    # Typed % and _ are literal text, not wildcards.
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def find_decisions(
    session: Session,
    words: list[str],
    board_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Decision]:
    """Live resolutions, newest meeting first; every word must be in the resolution text or the minute title."""
    query = (
        select(Resolution, Minute, Meeting, Board)
        .join(Minute, col(Minute.id) == col(Resolution.minute_id))
        .join(Meeting, col(Meeting.id) == col(Minute.meeting_id))
        .join(Board, col(Board.id) == col(Meeting.board_id))
        .where(col(Resolution.archived_at).is_(None), col(Minute.archived_at).is_(None))
        .where(col(Meeting.archived_at).is_(None))
    )
    for word in words:
        pattern = f"%{_escape_like(word)}%"
        query = query.where(
            or_(
                col(Resolution.text).ilike(pattern, escape="\\"),
                col(Minute.title).ilike(pattern, escape="\\"),
            )
        )
    if board_id is not None:
        query = query.where(col(Meeting.board_id) == board_id)
    if since is not None:
        query = query.where(col(Meeting.starts_at) >= since)
    if until is not None:
        query = query.where(col(Meeting.starts_at) < until)
    query = query.order_by(
        col(Meeting.starts_at).desc(), col(Minute.position), col(Resolution.position), col(Resolution.id)
    )
    return [Decision(r, m, mt, b) for r, m, mt, b in session.exec(query).all()]


def one_decision(session: Session, resolution_id: int) -> Decision | None:
    row = session.exec(
        select(Resolution, Minute, Meeting, Board)
        .join(Minute, col(Minute.id) == col(Resolution.minute_id))
        .join(Meeting, col(Meeting.id) == col(Minute.meeting_id))
        .join(Board, col(Board.id) == col(Meeting.board_id))
        .where(col(Resolution.id) == resolution_id, col(Resolution.archived_at).is_(None))
    ).first()
    return Decision(*row) if row else None


def actions_from(session: Session, decision: Decision) -> list[Action]:
    """Actions linked to the minute; failing any, those linked to the meeting with no minute given."""
    live = col(Action.archived_at).is_(None)
    by_minute = session.exec(
        select(Action).where(col(Action.minute_id) == decision.minute.id, live).order_by(col(Action.id))
    ).all()
    if by_minute:
        return list(by_minute)
    return list(
        session.exec(
            select(Action)
            .where(col(Action.meeting_id) == decision.meeting.id, col(Action.minute_id).is_(None), live)
            .order_by(col(Action.id))
        ).all()
    )
