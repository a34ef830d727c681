"""Reporting periods: the UK financial year and its quarters and months, as readings are written.

    "2025/26"       the financial year, 1 April 2025 to 31 March 2026 (annual)
    "2025/26 Q1"    April to June 2025; Q2 July–September, Q3 October–December, Q4 January–March
    "2025/26 M01"   April 2025, the year's first month; … "2025/26 M12" is March 2026 (monthly)

Months are numbered in the financial year, as the quarters are, so M01–M03 make up Q1 and
"2025/26 M10" is January 2026. `M1` and lower case are read too, and written back as `M01`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

FREQUENCIES = ("monthly", "quarterly", "annual")
_WORDS = {
    "monthly": "monthly",
    "month": "monthly",
    "quarterly": "quarterly",
    "quarter": "quarterly",
    "annual": "annual",
    "annually": "annual",
    "yearly": "annual",
    "year": "annual",
}
_PERIOD = re.compile(r"^(\d{4})/(\d{2})(?:\s+(?:Q([1-4])|M(0?[1-9]|1[0-2])))?$", re.IGNORECASE)


def frequency_named(text: object) -> str | None:
    """ "Quarterly", "monthly", "annually", "yearly" → one of FREQUENCIES; anything else → None."""
    return _WORDS.get(str(text).strip().casefold()) if isinstance(text, str) else None


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    year: int  # the calendar year the financial year starts in: 2025 for 2025/26
    frequency: str  # "annual", "quarterly" or "monthly"
    number: int = 0  # the quarter (1–4) or the month (1–12, April first); 0 for a year

    @property
    def name(self) -> str:
        year = f"{self.year}/{(self.year + 1) % 100:02d}"
        if self.frequency == "quarterly":
            return f"{year} Q{self.number}"
        if self.frequency == "monthly":
            return f"{year} M{self.number:02d}"
        return year

    def __str__(self) -> str:
        return self.name

    @property
    def months(self) -> tuple[int, int]:
        """The first and last months of the financial year it covers (1 = April … 12 = March)."""
        if self.frequency == "quarterly":
            return 3 * self.number - 2, 3 * self.number
        if self.frequency == "monthly":
            return self.number, self.number
        return 1, 12

    @property
    def first_day(self) -> date:
        return _month_start(self.year, self.months[0])

    @property
    def last_day(self) -> date:
        return _last_day(self.year, self.months[1])

    def before(self) -> ReportingPeriod:
        """The period of the same length just before this one."""
        if self.frequency == "annual":
            return ReportingPeriod(self.year - 1, "annual")
        last = 4 if self.frequency == "quarterly" else 12
        if self.number == 1:
            return ReportingPeriod(self.year - 1, self.frequency, last)
        return ReportingPeriod(self.year, self.frequency, self.number - 1)


@lru_cache(maxsize=4096)  # asked of every indicator's periods at every sweep
def _last_day(year: int, last_month: int) -> date:
    return _month_start(year, last_month + 1) - timedelta(days=1)


def _month_start(year: int, month: int) -> date:
    """The first day of financial month `month` (1 = April; 13 = the next year's April)."""
    calendar = month + 3  # April is calendar month 4
    return date(year + (calendar - 1) // 12, (calendar - 1) % 12 + 1, 1)


@lru_cache(maxsize=4096)  # few distinct periods, read again for every indicator at every sweep
def parse_period(text: str) -> ReportingPeriod | None:
    """ "2025/26", "2025/26 Q3", "2025/26 M01" (or "m1") → the period; None if it is not one, or
    its two years do not follow on ("2025/27")."""
    match = _PERIOD.match(text.strip())
    if not match or int(match[2]) != (int(match[1]) + 1) % 100:
        return None
    year = int(match[1])
    if match[3]:
        return ReportingPeriod(year, "quarterly", int(match[3]))
    if match[4]:
        return ReportingPeriod(year, "monthly", int(match[4]))
    return ReportingPeriod(year, "annual")


@lru_cache(maxsize=4096)
def period_end(text: str) -> date | None:
    """The last day of the period `text` names, or None if it names none."""
    period = parse_period(text)
    return period.last_day if period is not None else None


def financial_year(day: date) -> int:
    """The year a financial year (April to March) starts in: 2026 for 3 December 2026 (2026/27)."""
    return day.year if day.month >= 4 else day.year - 1


def period_of(day: date, frequency: str) -> ReportingPeriod:
    """The period of `frequency` that `day` falls in."""
    year = financial_year(day)
    month = (day.month - 4) % 12 + 1  # April = 1
    if frequency == "monthly":
        return ReportingPeriod(year, "monthly", month)
    if frequency == "quarterly":
        return ReportingPeriod(year, "quarterly", (month - 1) // 3 + 1)
    return ReportingPeriod(year, "annual")


@lru_cache(maxsize=1024)  # the same few days and frequencies, for every indicator at every sweep
def ended_before(day: date, frequency: str, count: int) -> tuple[tuple[ReportingPeriod, str, date], ...]:
    """(period, its name, its last day) for the last `count` periods of `frequency` that had
    ended before `day`, the latest first."""
    found = [period_of(day, frequency).before()]
    while len(found) < count:
        found.append(found[-1].before())
    return tuple((period, period.name, period.last_day) for period in found)
