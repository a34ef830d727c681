"""What chasing indicator readings needs to know: which readings each indicator has had, in two
small queries whatever the history (a sweep asks every minute)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import and_, bindparam, case, func, or_
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
    col(IndicatorReading.archived_at).is_(None),
    or_(
        col(IndicatorReading.period) >= bindparam("since"),
        and_(
            col(IndicatorReading.indicator_id).in_(bindparam("longer", expanding=True)),
            col(IndicatorReading.period) >= bindparam("longer_since"),
        ),
    ),
)


def recent_periods(
    session: Session, from_year: int, longer: Iterable[int] = (), longer_from_year: int | None = None
) -> dict[int, set[str]]:
    """{indicator id: the periods it has a reading for} for financial years from `from_year` on,
    and for the indicators `longer` (annual ones, whose few periods reach further back) from
    `longer_from_year` on (periods are written "2025/26 …", so a string comparison finds them)."""
    found: dict[int, set[str]] = defaultdict(set)
    longer = list(longer)
    params = {
        "since": f"{from_year:04d}/",
        "longer": longer or [-1],
        "longer_since": f"{(longer_from_year if longer_from_year is not None else from_year):04d}/",
    }
    for indicator_id, period in session.connection().execute(_RECENT, params).all():
        found[indicator_id].add(period)
    return found
