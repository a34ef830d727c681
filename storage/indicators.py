"""Indicators with their targets and readings."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, select

from storage.tables import Indicator, IndicatorReading, IndicatorTarget


def active_indicators(session: Session, board_ids: list[int] | None = None) -> list[Indicator]:
    statement = select(Indicator).where(Indicator.archived_at.is_(None))  # type: ignore[union-attr]
    if board_ids is not None:
        statement = statement.where(Indicator.board_id.in_(board_ids))  # type: ignore[union-attr]
    return list(session.exec(statement.order_by(Indicator.code)).all())


def figures(session: Session, indicator_ids: list[int]) -> tuple[dict, dict]:
    """{indicator id: {period: target}}, {indicator id: {period: reading}} in two queries.

    Plain columns, not ORM objects: a ten-year partnership has ~10,000 readings, and building an
    object for each cost a third of a second per `indicators`."""
    targets: dict[int, dict[str, float]] = defaultdict(dict)
    readings: dict[int, dict[str, float]] = defaultdict(dict)
    if indicator_ids:
        for model, into in ((IndicatorTarget, targets), (IndicatorReading, readings)):
            rows = session.exec(
                select(model.indicator_id, model.period, model.value).where(  # type: ignore[call-overload]
                    model.indicator_id.in_(indicator_ids), model.archived_at.is_(None)
                )
            )  # type: ignore[attr-defined]
            for indicator_id, period, value in rows:
                into[indicator_id][period] = value
    return targets, readings
