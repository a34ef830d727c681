"""What chasing indicator readings needs to know: which readings each indicator has had, in two
small queries whatever the history (a sweep asks every minute)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import bindparam, case, func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from storage.tables import Indicator, IndicatorReading


@dataclass(frozen=True)
class ReadingHistory:
    count: int  # readings ever (not archived)
    sub_year: int  # of which for a quarter or a month ("2025/26 Q1", "2025/26 M01")
    monthly: int  # of which for a month


def chased_indicators(session: Session) -> list[Indicator]:
    """Every indicator still recorded (not archived), by code."""
    return list(
        session.exec(select(Indicator).where(col(Indicator.archived_at).is_(None)).order_by(col(Indicator.code))).all()
    )


def reading_histories(session: Session) -> dict[int, ReadingHistory]:
    """{indicator id: how many readings it has had, and of what length}: one grouped query."""
    period = col(IndicatorReading.period)
    rows = session.exec(
        select(
            col(IndicatorReading.indicator_id),
            func.count(),
            func.sum(case((period.like("% %"), 1), else_=0)),
            func.sum(case((period.like("% M%"), 1), else_=0)),
        )
        .where(col(IndicatorReading.archived_at).is_(None))
        .group_by(col(IndicatorReading.indicator_id))
    ).all()
    return {row[0]: ReadingHistory(int(row[1]), int(row[2] or 0), int(row[3] or 0)) for row in rows}


# Plain rows by the Core path, the statement built once: a sweep every minute asks.
_RECENT = sa_select(col(IndicatorReading.indicator_id), col(IndicatorReading.period)).where(
    col(IndicatorReading.archived_at).is_(None), col(IndicatorReading.period) >= bindparam("since")
)


def recent_periods(session: Session, from_year: int) -> dict[int, set[str]]:
    """{indicator id: the periods it has a reading for} for financial years from `from_year` on
    (periods are written "2025/26 …", so a string comparison finds them)."""
    found: dict[int, set[str]] = defaultdict(set)
    rows = session.connection().execute(_RECENT, {"since": f"{from_year:04d}/"}).all()
    for indicator_id, period in rows:
        found[indicator_id].add(period)
    return found
