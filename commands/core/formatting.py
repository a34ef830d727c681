"""Dates and times the way the partnership writes them: "Thursday 16 June 2011", "2:00 pm"."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo


def local(moment: datetime, tz: ZoneInfo) -> datetime:
    return moment.astimezone(tz)


def long_date(day: date | datetime) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"


def zone_label(moment: datetime) -> str:
    """ "GMT" or "BST": said beside times so nobody doubts which side of the clock change it is."""
    return moment.tzname() or ""


def relative_days(day: date, today: date) -> str:
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    if abs(delta) >= 365:  # people say "over a year ago", not "383 days ago"
        years = abs(delta) // 365
        span = "over a year" if years == 1 else f"over {years} years"
        return f"in {span}" if delta > 0 else f"{span} ago"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"
