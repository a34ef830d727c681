"""Indicators with their targets and readings."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlmodel import Session, col, select

from storage.tables import Indicator, IndicatorReading, IndicatorTarget


def active_indicators(session: Session, board_ids: list[int] | None = None) -> list[Indicator]:
    statement = select(Indicator).where(col(Indicator.archived_at).is_(None))
    if board_ids is not None:
        statement = statement.where(col(Indicator.board_id).in_(board_ids))
    return list(session.exec(statement.order_by(col(Indicator.code))).all())


def figures(
    session: Session, indicator_ids: Sequence[int | None]
) -> tuple[dict[int | None, dict[str, float]], dict[int | None, dict[str, float]]]:
    """{indicator id: {period: target}}, {indicator id: {period: reading}} in two queries.

    Plain columns, not ORM objects: a ten-year partnership has ~10,000 readings, and building an
    object for each cost a third of a second per `indicators`."""
    targets: dict[int | None, dict[str, float]] = defaultdict(dict)
    readings: dict[int | None, dict[str, float]] = defaultdict(dict)
    if indicator_ids:
        _figures_into(session, IndicatorTarget, indicator_ids, targets)
        _figures_into(session, IndicatorReading, indicator_ids, readings)
    return targets, readings


def _figures_into(
    session: Session,
    model: type[IndicatorTarget] | type[IndicatorReading],
    indicator_ids: Sequence[int | None],
    into: dict[int | None, dict[str, float]],
) -> None:
    rows = session.exec(
        select(col(model.indicator_id), col(model.period), col(model.value)).where(
            col(model.indicator_id).in_(indicator_ids), col(model.archived_at).is_(None)
        )
    )
    for indicator_id, period, value in rows:
        into[indicator_id][period] = value
