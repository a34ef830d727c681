"""Red, amber, green: how an indicator's latest reading stands against its target for that year.

Rules (both directions): a reading on or better than target is green, and so is one worse by no
more than the green tolerance (boards count a hair's breadth off target as achieved); worse by no
more than the amber tolerance is amber; worse still is red. Tolerances are fractions of the target
(settings FORUM_GREEN_TOLERANCE, default 0.005, and FORUM_AMBER_TOLERANCE, default 0.05). With no
target for the reading's year, or no reading at all, there is no status, and the reason is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERIOD = re.compile(r"^(\d{4})/(\d{2})(?: Q([1-4]))?$")


def period_key(period: str) -> tuple[int, int]:
    """Chronological order: 2009/10 Q1 < … < 2009/10 Q4 < 2009/10 (the whole year) < 2010/11 Q1."""
    match = _PERIOD.match(period.strip())
    if not match:
        return (0, 0)
    return int(match[1]), int(match[3]) if match[3] else 5


def year_of(period: str) -> str:
    """"2010/11 Q2" → "2010/11", the year its target is set for."""
    return period.split(" ")[0]


@dataclass(frozen=True)
class Status:
    rag: str | None  # "red", "amber", "green", or None
    reason: str  # why, in words: "0.81 against a target of 0.75 (8% worse)"


def shortfall(value: float, target: float, direction: str) -> float:
    """How far the value is worse than target, as a fraction of it (negative when better)."""
    worse_by = (target - value) if direction == "higher" else (value - target)
    return worse_by / abs(target) if target else (0.0 if worse_by <= 0 else float("inf"))


def status(value: float | None, target: float | None, direction: str, amber_tolerance: float,
           green_tolerance: float = 0.0, period: str | None = None) -> Status:
    if value is None:
        return Status(None, "no reading yet")
    if target is None:
        return Status(None, f"no target for {year_of(period) if period else 'that year'}")
    gap = shortfall(value, target, direction)
    if gap <= green_tolerance:
        word = "on target" if gap <= 0 else "a hair's breadth off target"
        return Status("green", f"{value:g} against a target of {target:g} ({word})")
    percent = f"{gap * 100:.0f}% worse" if gap != float("inf") else "worse"
    return Status("amber" if gap <= amber_tolerance else "red",
                  f"{value:g} against a target of {target:g} ({percent})")


def trend(latest: float | None, previous: float | None, direction: str) -> str | None:
    if latest is None or previous is None:
        return None
    if latest == previous:
        return "no change"
    better = latest > previous if direction == "higher" else latest < previous
    return "improving" if better else "worsening"
