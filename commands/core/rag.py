"""Red, amber, green: how an indicator's latest reading stands against its target for that year.

Rules (both directions): a reading on or better than target is green, and so is one worse by no
more than the green tolerance (boards count a hair's breadth off target as achieved); worse by no
more than the amber tolerance is amber; worse still is red. Tolerances are fractions of the target
(settings FORUM_GREEN_TOLERANCE, default 0.005, and FORUM_AMBER_TOLERANCE, default 0.05). With no
target for the reading's year, or no reading at all, there is no status, and the reason is given.

With the defaults, "worse by" meaning (target − value) / |target| when higher is better and
(value − target) / |target| when lower is better:

    worse by ≤ 0.5%         green   (≤ 0: "on target" / "N% better"; else "a hair's breadth off")
    0.5% < worse by ≤ 5%    amber
    worse by > 5%           red     (and any shortfall at all against a target of zero)

The latest reading is the last in time (quarters of a year before the year's own figure, years in
order), judged against the target for its year: "2010/11 Q2" against the 2010/11 target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PERIOD = re.compile(r"^(\d{4})/(\d{2})(?: (?:Q([1-4])|M(0?[1-9]|1[0-2])))?$")


@lru_cache(maxsize=4096)  # few distinct periods, sorted over and over for every indicator
def period_key(period: str) -> tuple[int, int]:
    """Chronological order by when a period ends, the shorter first when two end together:
    2009/10 M01 < M02 < M03 < Q1 < … < M12 < Q4 < 2009/10 (the whole year) < 2010/11 M01.
    Months are of the financial year (M01 is April; commands/core/reporting_periods.py)."""
    match = _PERIOD.match(period.strip())
    if not match:
        return (0, 0)
    if match[3]:
        return int(match[1]), 9 * int(match[3]) + 1
    if match[4]:
        return int(match[1]), 3 * int(match[4])
    return int(match[1]), 38


def year_of(period: str) -> str:
    """ "2010/11 Q2" → "2010/11", the year its target is set for."""
    return period.split(" ")[0]


@dataclass(frozen=True)
class Status:
    rag: str | None  # "red", "amber", "green", or None
    reason: str  # why, in words: "0.81 against a target of 0.75 (8% worse)"


def shortfall(value: float, target: float, direction: str) -> float:
    """How far the value is worse than target, as a fraction of it (negative when better)."""
    worse_by = (target - value) if direction == "higher" else (value - target)
    return worse_by / abs(target) if target else (0.0 if worse_by <= 0 else float("inf"))


def status(
    value: float | None,
    target: float | None,
    direction: str,
    amber_tolerance: float,
    green_tolerance: float = 0.0,
    period: str | None = None,
) -> Status:
    if value is None:
        return Status(None, "no reading yet")
    if target is None:
        return Status(None, f"no target for {year_of(period) if period else 'that year'}")
    # Rounded so that a reading exactly on a tolerance's edge (62.7 against 66 at 5%) is judged as
    # written, not by the last bit of a float.
    gap = round(shortfall(value, target, direction), 9)
    against = f"{value:g} against a target of {target:g}"
    if gap <= green_tolerance:
        if gap == 0:
            return Status("green", f"{against} (on target)")
        if gap < 0:
            return Status("green", f"{against} ({_percent(-gap)} better)")
        return Status("green", f"{against} (a hair's breadth off target)")
    worse = f"{_percent(gap)} worse" if gap != float("inf") else "worse"
    return Status("amber" if gap <= amber_tolerance else "red", f"{against} ({worse})")


def _percent(fraction: float) -> str:
    """0.25 → "25%", 0.0533 → "5.3%", 0.0008 → "0.08%": near the tolerances (a few per cent) a
    rounded figure would put a red reading at "5% worse", the very edge of amber."""
    percent = fraction * 100
    if percent >= 10:
        return f"{percent:.0f}%"
    if percent >= 1:
        return f"{percent:.1f}".removesuffix(".0") + "%"
    return f"{percent:.1g}%"


def trend(latest: float | None, previous: float | None, direction: str) -> str | None:
    if latest is None or previous is None:
        return None
    if latest == previous:
        return "no change"
    better = latest > previous if direction == "higher" else latest < previous
    return "improving" if better else "worsening"


# Direction of travel, as council performance reports show it: the arrow points the way performance
# went (up is better whichever way the figure moved, so a falling crime rate is an up arrow), and
# the words say so, with the figures, so nobody has to know which way the indicator runs.
ARROWS = {"improving": "↑", "worsening": "↓", "no change": "→"}


@dataclass(frozen=True)
class Travel:
    way: str  # "improving", "worsening" or "no change"
    then: float  # the figure compared against
    then_period: str | None  # when that figure was (a baseline may have no period)
    now: float
    now_period: str
    against: str | None = None  # long term: "a year before" or "the baseline"; short term: None

    @property
    def arrow(self) -> str:
        return ARROWS[self.way]

    @property
    def brief(self) -> str:
        """ "↑ improving"; long term "↓ worse than a year before", "→ the same as the baseline" """
        if not self.against:
            return f"{self.arrow} {self.way}"
        compared = {"improving": "better than", "worsening": "worse than", "no change": "the same as"}[self.way]
        return f"{self.arrow} {compared} {self.against}"

    @property
    def text(self) -> str:
        """ "↑ improving (1.05 in 2025/26 Q2 → 1.02 in 2025/26 Q4)" """
        then = f"{self.then:g}" + (f" in {self.then_period}" if self.then_period else "")
        return f"{self.brief} ({then} → {self.now:g} in {self.now_period})"


def a_year_before(period: str) -> str | None:
    """ "2025/26 Q4" → "2024/25 Q4"; "2025/26 M01" → "2024/25 M01"; "2025/26" → "2024/25"; else None."""
    match = _PERIOD.match(period.strip())
    if not match:
        return None
    start = int(match[1]) - 1
    year = f"{start}/{(start + 1) % 100:02d}"
    if match[4]:
        return f"{year} M{int(match[4]):02d}"
    return f"{year} Q{match[3]}" if match[3] else year


def travel(
    readings: dict[str, float], direction: str, baseline: float | None = None, baseline_period: str | None = None
) -> tuple[Travel | None, Travel | None]:
    """Short term (the latest reading against the one before it) and long term (against the same
    period a year before, else against the baseline); None where there is nothing to compare."""
    ordered = sorted(readings, key=period_key)
    if not ordered:
        return None, None
    latest = ordered[-1]
    now = readings[latest]

    def compared(then: float, period: str | None, against: str | None = None) -> Travel:
        way = trend(now, then, direction)
        assert way is not None  # both figures are there
        return Travel(way, then, period, now, latest, against)

    short = compared(readings[ordered[-2]], ordered[-2]) if len(ordered) > 1 else None
    year_before = a_year_before(latest)
    if year_before and year_before in readings:
        long = compared(readings[year_before], year_before, "a year before")
    elif baseline is not None and baseline_period != latest:
        long = compared(baseline, baseline_period, "the baseline")
    else:
        long = None
    return short, long
