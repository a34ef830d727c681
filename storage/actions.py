"""Actions: what resolutions and ACTION lines ask people to do, and their progress notes."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from storage.db import by_id
from storage.tables import Action, ActionUpdate, Meeting, Minute, Organisation, Person
from storage.types import ActionStatus

OPEN_STATUSES = (ActionStatus.open, ActionStatus.in_progress)


def _live() -> SelectOfScalar[Action]:
    return select(Action).where(col(Action.archived_at).is_(None))


def actions_where(
    session: Session,
    *,
    owner_id: int | None = None,
    board_id: int | None = None,
    meeting_id: int | None = None,
    open_only: bool = True,
    overdue_on: date | None = None,
) -> list[Action]:
    """Actions filtered as the members' commands need, oldest due first (undated last)."""
    statement = _live()
    if owner_id is not None:
        statement = statement.where(Action.owner_id == owner_id)
    if board_id is not None:
        statement = statement.where(Action.board_id == board_id)
    if meeting_id is not None:
        statement = statement.where(Action.meeting_id == meeting_id)
    if open_only or overdue_on is not None:
        statement = statement.where(col(Action.status).in_(OPEN_STATUSES))
    if overdue_on is not None:
        statement = statement.where(col(Action.due_date) < overdue_on)
    statement = statement.order_by(col(Action.due_date).is_(None), col(Action.due_date), col(Action.id))
    return list(session.exec(statement).all())


def action_by_id(session: Session, action_id: int) -> Action | None:
    action = session.get(Action, action_id)
    return action if action is not None and action.archived_at is None else None


def updates_for(session: Session, action_id: int) -> list[ActionUpdate]:
    return list(
        session.exec(
            select(ActionUpdate)
            .where(ActionUpdate.action_id == action_id, col(ActionUpdate.archived_at).is_(None))
            .order_by(col(ActionUpdate.created_at), col(ActionUpdate.id))
        ).all()
    )


def updates_by_action(session: Session, action_ids: list[int]) -> dict[int, list[ActionUpdate]]:
    """Each action's live progress notes, oldest first."""
    found: dict[int, list[ActionUpdate]] = defaultdict(list)
    if action_ids:
        for update in session.exec(
            select(ActionUpdate)
            .where(col(ActionUpdate.action_id).in_(action_ids), col(ActionUpdate.archived_at).is_(None))
            .order_by(col(ActionUpdate.created_at), col(ActionUpdate.id))
        ).all():
            found[update.action_id].append(update)
    return found


def related(
    session: Session, actions: list[Action]
) -> tuple[
    dict[int | None, Person], dict[int | None, Organisation], dict[int | None, Meeting], dict[int | None, Minute]
]:
    """People, organisations, meetings and minutes the actions point at, fetched in four queries."""
    people = by_id(session, Person, [a.owner_id for a in actions])
    organisations = by_id(
        session, Organisation, [a.organisation_id for a in actions] + [p.organisation_id for p in people.values()]
    )
    meetings = by_id(session, Meeting, [a.meeting_id for a in actions])
    minutes = by_id(session, Minute, [a.minute_id for a in actions])
    return people, organisations, meetings, minutes


def corrective_actions(session: Session, indicator_ids: list[int]) -> dict[int, list[Action]]:
    """Each indicator's open corrective actions, oldest due first (undated last)."""
    found: dict[int, list[Action]] = defaultdict(list)
    if indicator_ids:
        for action in session.exec(
            _live()
            .where(col(Action.indicator_id).in_(indicator_ids), col(Action.status).in_(OPEN_STATUSES))
            .order_by(col(Action.due_date).is_(None), col(Action.due_date), col(Action.id))
        ).all():
            assert action.indicator_id is not None  # chosen by it
            found[action.indicator_id].append(action)
    return found
