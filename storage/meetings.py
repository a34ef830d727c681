"""Meetings and their agendas."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from storage.tables import AgendaItem, Meeting, Paper
from storage.types import MeetingStatus


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which `day` starts and ends in the partnership's zone (23 or 25 hours
    long on clock-change days)."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def upcoming_meetings(
    session: Session, board_id: int, now: datetime, limit: int = 10, include_cancelled: bool = False
) -> list[Meeting]:
    statement = select(Meeting).where(
        Meeting.board_id == board_id,
        Meeting.starts_at >= now,
        col(Meeting.archived_at).is_(None),
    )
    if not include_cancelled:
        statement = statement.where(Meeting.status != MeetingStatus.cancelled)
    return list(session.exec(statement.order_by(col(Meeting.starts_at)).limit(limit)).all())


def upcoming_meetings_of(
    session: Session, board_ids: list[int], now: datetime, limit: int = 200, include_cancelled: bool = False
) -> list[Meeting]:
    if not board_ids:
        return []
    statement = select(Meeting).where(
        col(Meeting.board_id).in_(board_ids),
        Meeting.starts_at >= now,
        col(Meeting.archived_at).is_(None),
    )
    if not include_cancelled:
        statement = statement.where(Meeting.status != MeetingStatus.cancelled)
    return list(session.exec(statement.order_by(col(Meeting.starts_at)).limit(limit)).all())


def next_meeting(session: Session, board_id: int, now: datetime) -> Meeting | None:
    """The board's next meeting that is going ahead or postponed; cancelled ones are skipped."""
    meetings = upcoming_meetings(session, board_id, now, limit=1)
    return meetings[0] if meetings else None


def last_meeting(session: Session, board_id: int, before: datetime) -> Meeting | None:
    """The board's most recent meeting that started before `before` (cancelled ones skipped)."""
    return session.exec(
        select(Meeting)
        .where(
            Meeting.board_id == board_id,
            Meeting.starts_at < before,
            col(Meeting.archived_at).is_(None),
            Meeting.status != MeetingStatus.cancelled,
        )
        .order_by(col(Meeting.starts_at).desc())
    ).first()


def meeting_on(session: Session, board_id: int, day: date, tz: ZoneInfo) -> Meeting | None:
    start, end = local_day_bounds(day, tz)
    return session.exec(
        select(Meeting)
        .where(
            Meeting.board_id == board_id,
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
            col(Meeting.archived_at).is_(None),
        )
        .order_by(col(Meeting.starts_at))
    ).first()


def agenda(session: Session, meeting_id: int) -> list[AgendaItem]:
    return list(
        session.exec(
            select(AgendaItem)
            .where(AgendaItem.meeting_id == meeting_id, col(AgendaItem.archived_at).is_(None))
            .order_by(col(AgendaItem.position), col(AgendaItem.id))
        ).all()
    )


def papers_for(session: Session, item_ids: list[int]) -> dict[int, list[Paper]]:
    if not item_ids:
        return {}
    found: dict[int, list[Paper]] = {}
    for paper in session.exec(
        select(Paper)
        .where(col(Paper.agenda_item_id).in_(item_ids), col(Paper.archived_at).is_(None))
        .order_by(col(Paper.id))
    ).all():
        found.setdefault(paper.agenda_item_id, []).append(paper)
    return found
