"""When reminders go out: each board's reminder settings, and the working hour on a working day.

A board may override any default in `Board.settings["reminders"]`, e.g.
`{"reminders": {"hour": "08:30", "consultation_days": [10, 3, 0]}}`; an empty list or null turns a
reminder off for that board. A value that makes no sense is ignored (the default is used) and
reported, so a typo never silences reminders.

Weekends: a reminder *before* something (an agenda, a deadline) moves to the Friday before, so it
is never later than promised; a report *after* something (a missed deadline) moves to the Monday
after, so it never comes before the thing it reports. Bank holidays are not known here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

DEFAULTS: dict[str, Any] = {
    "hour": "09:00",  # local working hour for every reminder
    "agenda_week_days": 7,  # agenda, presenters and papers to the board's channel
    "agenda_day_days": 1,  # time, venue and an apologies button
    "presenter_working_days": 3,  # a DM to each presenter
    "matters_arising_days": 7,  # officers get the previous meeting's actions
    "consultation_days": [14, 7, 2, 0],  # the response owner and the channel, before closing
    "consultation_missed_days": 1,  # the chair hears of a missed deadline this long after
    "action_days": [3, 0],  # the owner, before and on the due date
    "digest_weekday": "monday",  # weekly: owners' overdue actions, the chair's digest
}


@dataclass(frozen=True)
class ReminderSettings:
    hour: time
    agenda_week_days: int | None
    agenda_day_days: int | None
    presenter_working_days: int | None
    matters_arising_days: int | None
    consultation_days: tuple[int, ...]
    consultation_missed_days: int | None
    action_days: tuple[int, ...]
    digest_weekday: int | None  # 0 = Monday
    problems: tuple[str, ...] = field(default=())


def _days(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
        raise ValueError("a whole number of days from 0 to 60")
    return value


def _hour(value: Any) -> time:
    try:
        hours, minutes = str(value).split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError("a time like 09:00") from None


def _weekday(value: Any) -> int | None:
    if value is None:
        return None
    if str(value).casefold() not in WEEKDAYS:
        raise ValueError("a day of the week, like monday")
    return WEEKDAYS.index(str(value).casefold())


def _day_list(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("a list of days, like [14, 7, 2, 0]")
    return tuple(sorted({_days(v) for v in value}, reverse=True))  # type: ignore[type-var]


_READERS = {
    "hour": _hour,
    "agenda_week_days": _days,
    "agenda_day_days": _days,
    "presenter_working_days": _days,
    "matters_arising_days": _days,
    "consultation_days": _day_list,
    "consultation_missed_days": _days,
    "action_days": _day_list,
    "digest_weekday": _weekday,
}


def reminder_settings(board_settings: dict | None, working_hour: str | None = None) -> ReminderSettings:
    """The board's reminder settings: its own where they make sense, the defaults elsewhere. The
    partnership's working hour (`/forum setup`), when it makes sense, is the default hour."""
    given = (board_settings or {}).get("reminders") if isinstance(board_settings, dict) else None
    given = given if isinstance(given, dict) else {}
    defaults = dict(DEFAULTS)
    if working_hour:
        try:
            _hour(working_hour)
            defaults["hour"] = working_hour
        except ValueError:
            pass  # the partnership's own hour is checked when it is set; a bad one keeps 09:00
    values: dict[str, Any] = {}
    problems = []
    for key, read in _READERS.items():
        try:
            values[key] = read(given[key]) if key in given else read(defaults[key])
        except ValueError as why:
            problems.append(f"reminders.{key} = {str(given[key])[:40]!r} is not {why}; using {defaults[key]!r}")
            values[key] = read(defaults[key])
    problems += [f"reminders.{key} is not a setting" for key in given if key not in _READERS]
    return ReminderSettings(**values, problems=tuple(problems))


def working_day(day: date, move: Literal["earlier", "later"]) -> date:
    step = timedelta(days=-1 if move == "earlier" else 1)
    while day.weekday() >= 5:
        day += step
    return day


def working_days_before(day: date, count: int) -> date:
    while count > 0:
        day -= timedelta(days=1)
        if day.weekday() < 5:
            count -= 1
    return day


def send_at(day: date, hour: time, tz: ZoneInfo, move: Literal["earlier", "later"] = "earlier") -> datetime:
    """The UTC instant of `hour` local time on `day`, moved off the weekend. Local 09:00 is 09:00
    UTC in winter and 08:00 UTC in summer: the zone database decides, per day."""
    return datetime.combine(working_day(day, move), hour, tzinfo=tz).astimezone(UTC)


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[date, date]:
    """The local calendar days that the UTC window [start, end] touches."""
    return start.astimezone(tz).date(), end.astimezone(tz).date()


def nudge_days(deadline: date, offsets: tuple[int, ...]) -> list[tuple[int, date]]:
    """(offset, working day to send) for each offset before a deadline. Two offsets moved onto one
    day (2 days before and on a Sunday deadline are both that Friday) send once, as the nearer."""
    by_day: dict[date, int] = {}
    for days in sorted(offsets, reverse=True):
        by_day[working_day(deadline - timedelta(days=days), "earlier")] = days
    return [(days, day) for day, days in by_day.items()]
