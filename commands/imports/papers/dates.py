"""Dates and times as the papers write them.

"Thursday 17th February 2011", "28 January 2010", "3<sup>rd</sup> December 2009" (cleaned to
"3rd December 2009"), "25 February", "by 4th March", "end of February 2010", "15/04/2011" (UK
order); times "2:00 pm", "2.00 pm", "4.05 pm", "14:00". A date without a year takes the paper's
year (its meeting's), moved to the next year only when the words look forward ("by", "until")
and the day would otherwise be long past — e.g. "by 21 January" in the minutes of a December
meeting. A day that cannot exist ("30 February") is not read at all, and said so.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time, timedelta

_MONTH_NAMES = {name.casefold(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.casefold(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9
_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
)
_WEEKDAY = (
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)\.?,?\s+"
)

_DATE = re.compile(
    rf"(?<![\w/])(?:(?P<weekday>{_WEEKDAY}))?(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{_MONTH})(?![a-z])"
    rf"(?:,?\s+(?P<year>(?:19|20)\d\d)(?!\d))?"
    rf"|(?<![\w/])(?:{_WEEKDAY})?(?P<month2>{_MONTH})\s+(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year2>(?:19|20)\d\d)(?!\d)"
    rf"|(?P<end>(?:the\s+)?end\s+of\s+)(?P<month3>{_MONTH})(?![a-z])(?:\s+(?P<year3>(?:19|20)\d\d)(?!\d))?"
    rf"|(?<![\w/.])(?P<nday>\d{{1,2}})/(?P<nmonth>\d{{1,2}})/(?P<nyear>(?:19|20)?\d\d)(?![\w/])",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?<![\w.:])(?P<h>\d{1,2})(?:[.:](?P<m>[0-5]\d))?\s*(?P<ampm>[ap])\.?\s?m\b\.?"
    r"|(?<![\w.:])(?P<h24>[01]?\d|2[0-3])[:.](?P<m24>[0-5]\d)\s*(?:hrs|hours|h)\b"
    r"|(?<![\w.:])(?P<h24b>1[0-9]|2[0-3]|0\d)[:](?P<m24b>[0-5]\d)(?![\d.:])"
    r"|\b(?P<noon>noon|midday)\b",
    re.IGNORECASE,
)
_FORWARD = re.compile(
    r"\b(?:by|until|till|before|no later than|deadline|closes|closing|will|is to|due|"
    r"scheduled|expected|next|continue|continues|return|forwarded|sent|submit)\b",
    re.I,
)


@dataclass(frozen=True)
class FoundDate:
    day: date | None  # None: the words name no real day ("30 February")
    start: int
    end: int
    words: str
    had_year: bool
    problem: str | None = None


def _month(word: str) -> int:
    return _MONTH_NAMES[word.casefold().rstrip(".")]


_WEEKDAYS = {name.casefold()[:3]: i for i, name in enumerate(calendar.day_name)}


def _with_year(
    year: int | None, month: int, day: int, reference: date | None, forward: bool, weekday: int | None = None
) -> tuple[date | None, bool]:
    if year is not None:
        return date(year, month, day), True
    if reference is None:
        raise ValueError("no year")
    if weekday is not None:
        # "Tuesday 30 March": the year near the paper's in which that day is a Tuesday.
        for offset in (0, 1, -1):
            try:
                candidate = date(reference.year + offset, month, day)
            except ValueError:
                continue
            if candidate.weekday() == weekday:
                return candidate, False
    found = date(reference.year, month, day)
    if forward and found < reference - timedelta(days=60):
        found = date(reference.year + 1, month, day)
    elif not forward and found > reference + timedelta(days=60):
        found = date(reference.year - 1, month, day)
    return found, False


def find_dates(text: str, reference: date | None = None, forward: bool | None = None) -> list[FoundDate]:
    """Every date in `text`. Without a year, a date takes `reference`'s year (see the module
    note); with no reference it is reported as a problem, not guessed."""
    found = []
    for match in _DATE.finditer(text):
        words = match.group(0).strip()
        looks_forward = (
            forward if forward is not None else bool(_FORWARD.search(text[max(0, match.start() - 40) : match.start()]))
        )
        try:
            weekday = _WEEKDAYS.get(match.group("weekday").strip().casefold()[:3]) if match.group("weekday") else None
            if match.group("month"):
                year = int(match.group("year")) if match.group("year") else None
                day, had_year = _with_year(
                    year, _month(match.group("month")), int(match.group("day")), reference, looks_forward, weekday
                )
                if had_year and weekday is not None and day is not None and day.weekday() != weekday:
                    found.append(
                        FoundDate(
                            day,
                            match.start(),
                            match.end(),
                            words,
                            True,
                            f"“{words}”: that day is a {day:%A}, so the paper may be mistaken",
                        )
                    )
                    continue
            elif match.group("month2"):
                day, had_year = _with_year(
                    int(match.group("year2")),
                    _month(match.group("month2")),
                    int(match.group("day2")),
                    reference,
                    looks_forward,
                )
            elif match.group("month3"):
                month = _month(match.group("month3"))
                year = int(match.group("year3")) if match.group("year3") else None
                last = calendar.monthrange(year or (reference.year if reference else 2000), month)[1]
                day, had_year = _with_year(year, month, last, reference, looks_forward)
            else:
                year_text = match.group("nyear")
                year = int(year_text) + (2000 if len(year_text) == 2 else 0)
                day, had_year = date(year, int(match.group("nmonth")), int(match.group("nday"))), True
        except ValueError as error:
            problem = (
                f"“{words}” has no year and the paper gives none"
                if str(error) == "no year"
                else f"“{words}” is not a real date"
            )
            found.append(FoundDate(None, match.start(), match.end(), words, False, problem))
            continue
        found.append(FoundDate(day, match.start(), match.end(), words, had_year))
    return found


def first_date(text: str, reference: date | None = None, forward: bool | None = None) -> FoundDate | None:
    dates = find_dates(text, reference, forward)
    return dates[0] if dates else None


@dataclass(frozen=True)
class FoundTime:
    at: time
    start: int
    end: int


def find_times(text: str) -> list[FoundTime]:
    found = []
    for match in _TIME.finditer(text):
        if match.group("noon"):
            found.append(FoundTime(time(12), match.start(), match.end()))
            continue
        if match.group("h") is not None:
            hour, minute = int(match.group("h")), int(match.group("m") or 0)
            if not 1 <= hour <= 12:
                continue
            hour = hour % 12 + (12 if match.group("ampm").lower() == "p" else 0)
        else:
            hour = int(match.group("h24") or match.group("h24b"))
            minute = int(match.group("m24") or match.group("m24b"))
        found.append(FoundTime(time(hour, minute), match.start(), match.end()))
    return found


def first_time(text: str) -> time | None:
    times = find_times(text)
    return times[0].at if times else None
