"""When reminders go out: each board's reminder settings, and the working hour on a working day.

A board may override any default in `Board.settings["reminders"]`, e.g.
`{"reminders": {"hour": "08:30", "consultation_days": [10, 3, 0]}}`; an empty list or null turns a
reminder off for that board. A value that makes no sense is ignored (the default is used) and
reported, so a typo never silences reminders.

Weekends: a reminder *before* something (an agenda, a deadline) moves to the Friday before, so it
is never later than promised; a report *after* something (a missed deadline) moves to the Monday
after, so it never comes before the thing it reports. Bank holidays (from the `holidays` library,
for England and Wales, Scotland or Northern Ireland: `FORUM_BANK_HOLIDAYS`) count as the weekend.

A reminder that is late (the bot was down, or the record was added after its moment) waits for the
working hours of a working day, from its hour to 18:00: a bot started at 00:40 sends nothing until
09:00, and nothing goes on a weekend or a bank holiday.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any, Literal
from zoneinfo import ZoneInfo

import holidays

# FORUM_BANK_HOLIDAYS → the `holidays` library's subdivision of the United Kingdom.
REGIONS = {"england": "ENG", "scotland": "SCT", "northern_ireland": "NIR"}
DEFAULT_REGION = "england"  # England and Wales share their bank holidays
DAY_ENDS = time(18, 0)  # a late reminder waits for working hours: from its hour to here

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
    "digest_weekday": "monday",  # weekly: owners' overdue actions, the chair's digest, officers' missing readings
    "reading_days": [7, 0],  # an indicator's contact, before and on the day its reading is due
    "reading_every_days": 7,  # … and this often after, until the reading is in (null: not after)
    "papers_late_working_days": 5,  # papers published later than this many clear working days before: late
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
    reading_days: tuple[int, ...] = (7, 0)
    reading_every_days: int | None = 7
    papers_late_working_days: int | None = 5
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


def _every(value: Any) -> int | None:
    days = _days(value)
    if days == 0:
        raise ValueError("a whole number of days from 1 to 60, or null")
    return days


def _day_list(value: Any) -> tuple[int, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError("a list of days, like [14, 7, 2, 0]")
    days = {_days(v) for v in value}
    return tuple(sorted((d for d in days if d is not None), reverse=True))


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
    "reading_days": _day_list,
    "reading_every_days": _every,
    "papers_late_working_days": _days,
}


def reminder_settings(board_settings: dict[str, Any] | None, working_hour: str | None = None) -> ReminderSettings:
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


@lru_cache(maxsize=64)
def _bank_holidays(region: str, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv=REGIONS.get(region, "ENG"), years=year))


def is_working_day(day: date, region: str = DEFAULT_REGION) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(region, day.year)


def working_day(day: date, move: Literal["earlier", "later"], region: str = DEFAULT_REGION) -> date:
    step = timedelta(days=-1 if move == "earlier" else 1)
    while not is_working_day(day, region):
        day += step
    return day


def working_days_before(day: date, count: int, region: str = DEFAULT_REGION) -> date:
    while count > 0:
        day -= timedelta(days=1)
        if is_working_day(day, region):
            count -= 1
    return day


def send_at(
    day: date,
    hour: time,
    tz: ZoneInfo,
    move: Literal["earlier", "later"] = "earlier",
    region: str = DEFAULT_REGION,
) -> datetime:
    """The UTC instant of `hour` local time on `day`, moved off the weekend and bank holidays. Local
    09:00 is 09:00 UTC in winter and 08:00 UTC in summer: the zone database decides, per day."""
    return datetime.combine(working_day(day, move, region), hour, tzinfo=tz).astimezone(UTC)


def _hours_of(day: date, hour: time, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The working hours of a day for a reminder sent at `hour`: from it to 18:00 (an hour at
    least, for a board that sends in the evening)."""
    start = datetime.combine(day, hour, tzinfo=tz)
    end = max(datetime.combine(day, DAY_ENDS, tzinfo=tz), start + timedelta(hours=1))
    return start.astimezone(UTC), end.astimezone(UTC)


def in_working_hours(moment: datetime, hour: time, tz: ZoneInfo, region: str = DEFAULT_REGION) -> bool:
    day = moment.astimezone(tz).date()
    if not is_working_day(day, region):
        return False
    start, end = _hours_of(day, hour, tz)
    return start <= moment < end


def working_time(start: datetime, end: datetime, hour: time, tz: ZoneInfo, region: str = DEFAULT_REGION) -> timedelta:
    """How much of [start, end] falls in working hours: how late a reminder is, as people feel it."""
    total = timedelta()
    day, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    while day <= last:
        if is_working_day(day, region):
            low, high = _hours_of(day, hour, tz)
            total += max(timedelta(), min(high, end) - max(low, start))
        day += timedelta(days=1)
    return total


def next_working_hours(moment: datetime, hour: time, tz: ZoneInfo, region: str = DEFAULT_REGION) -> datetime:
    """`moment` if it is in working hours, else when they next begin (at most 62 days on)."""
    if in_working_hours(moment, hour, tz, region):
        return moment
    day = moment.astimezone(tz).date()
    for _ in range(62):
        if is_working_day(day, region):
            start = _hours_of(day, hour, tz)[0]
            if start >= moment:
                return start
        day += timedelta(days=1)
    return moment


def local_days(start: datetime, end: datetime, tz: ZoneInfo) -> tuple[date, date]:
    """The local calendar days that the UTC window [start, end] touches."""
    return start.astimezone(tz).date(), end.astimezone(tz).date()


def nudge_days(deadline: date, offsets: tuple[int, ...], region: str = DEFAULT_REGION) -> list[tuple[int, date]]:
    """(offset, working day to send) for each offset before a deadline. Two offsets moved onto one
    day (2 days before and on a Sunday deadline are both that Friday) send once, as the nearer."""
    by_day: dict[date, int] = {}
    for days in sorted(offsets, reverse=True):
        by_day[working_day(deadline - timedelta(days=days), "earlier", region)] = days
    return [(days, day) for day, days in by_day.items()]
