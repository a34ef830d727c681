"""`forum demo`: the Luton Forum, drawn from the seed papers, moved to the present.

The demo file keeps the papers' own dates. Loading shifts every date forward by a whole number of
weeks (so Thursdays stay Thursdays) so that the file's `demo_today` lands on today; indicator
periods ("2009/10 Q2") move by the matching number of whole years.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

from commands.imports.partnership_file import PartnershipFile, parse

_PERIOD = re.compile(r"^(\d{4})/(\d{2})(.*)$")


def demo_text() -> str:
    return resources.files("storage.demo").joinpath("luton.yaml").read_text(encoding="utf-8")


def shift_period(period: str, years: int) -> str:
    match = _PERIOD.match(period)
    if not match:
        return period
    start = int(match.group(1)) + years
    return f"{start}/{(start + 1) % 100:02d}{match.group(3)}"


def _shift(value: Any, delta: timedelta, years: int, key: str = "") -> Any:
    if isinstance(value, datetime):
        return value + delta  # local wall-clock time: 2:00 pm stays 2:00 pm across the clock change
    if isinstance(value, date):
        return value + delta
    if isinstance(value, dict):
        periods = key in {"targets", "readings"}
        return {(shift_period(k, years) if periods else k): _shift(v, delta, years, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta, years, key) for v in value]
    if key == "baseline_period" and isinstance(value, str):
        return shift_period(value, years)
    if key == "meeting" and isinstance(value, str) and re.match(r"^\S+ \d{4}-\d{2}-\d{2}$", value):
        slug, day = value.split()
        return f"{slug} {date.fromisoformat(day) + delta}"
    return value


def shifted(data: PartnershipFile, today: date) -> PartnershipFile:
    if data.demo_today is None:
        return data
    weeks = round((today - data.demo_today).days / 7)
    delta = timedelta(weeks=weeks)
    years = round(delta.days / 365.25)
    moved = _shift(data.model_dump(exclude={"demo_today"}), delta, years)
    return PartnershipFile.model_validate({**moved, "demo_today": data.demo_today + delta})


def demo_partnership(today: date) -> PartnershipFile:
    return shifted(parse(demo_text()), today)
