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
    """{indicator id: {period: target}}, {indicator id: {period: reading}} in two queries."""
    targets: dict[int, dict[str, float]] = defaultdict(dict)
    readings: dict[int, dict[str, float]] = defaultdict(dict)
    if indicator_ids:
        for row in session.exec(select(IndicatorTarget).where(IndicatorTarget.indicator_id.in_(indicator_ids),  # type: ignore[attr-defined]
                                                              IndicatorTarget.archived_at.is_(None))).all():  # type: ignore[union-attr]
            targets[row.indicator_id][row.period] = row.value
        for row in session.exec(select(IndicatorReading).where(IndicatorReading.indicator_id.in_(indicator_ids),  # type: ignore[attr-defined]
                                                               IndicatorReading.archived_at.is_(None))).all():  # type: ignore[union-attr]
            readings[row.indicator_id][row.period] = row.value
    return targets, readings
