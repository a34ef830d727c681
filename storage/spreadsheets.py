"""What the officers' spreadsheets export: every live record of a kind, and what it points at,
in a handful of queries however many rows there are."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, col, select

from storage.actions import updates_by_action as updates_by_action  # re-exported for the spreadsheets
from storage.db import by_id as by_id  # re-exported for the spreadsheets
from storage.tables import Action, Board, Consultation, Indicator, IndicatorReading, IndicatorTarget, Minute

_Figure = TypeVar("_Figure", bound=IndicatorTarget | IndicatorReading)


def live_actions(session: Session) -> list[Action]:
    return list(session.exec(select(Action).where(col(Action.archived_at).is_(None)).order_by(col(Action.id))).all())


def live_consultations(session: Session) -> list[Consultation]:
    return list(
        session.exec(
            select(Consultation).where(col(Consultation.archived_at).is_(None)).order_by(col(Consultation.id))
        ).all()
    )


def boards_by_id(session: Session) -> dict[int | None, Board]:
    return {board.id: board for board in session.exec(select(Board)).all()}


def minute_in(session: Session, meeting_id: int, number: str) -> Minute | None:
    return session.exec(
        select(Minute).where(
            Minute.meeting_id == meeting_id, Minute.number == number, col(Minute.archived_at).is_(None)
        )
    ).first()


def action_with(session: Session, description: str, meeting_id: int | None) -> Action | None:
    """A live action by its natural key, as the partnership file finds it: description and meeting."""
    return session.exec(
        select(Action).where(
            Action.description == description, Action.meeting_id == meeting_id, col(Action.archived_at).is_(None)
        )
    ).first()


def consultation_titled(session: Session, title: str) -> Consultation | None:
    return session.exec(
        select(Consultation).where(Consultation.title == title, col(Consultation.archived_at).is_(None))
    ).first()


def figure_rows(
    session: Session, model: type[_Figure], indicator_ids: list[int]
) -> dict[tuple[int | None, str], _Figure]:
    """{(indicator id, period): target or reading row}, archived ones too: a period has one row,
    which a figure written again brings back."""
    if not indicator_ids:
        return {}
    return {
        (row.indicator_id, row.period): row
        for row in session.exec(select(model).where(col(model.indicator_id).in_(indicator_ids))).all()
    }


def indicator_coded(session: Session, code: str) -> Indicator | None:
    return session.exec(select(Indicator).where(Indicator.code == code)).first()
