"""Days in people's words: "2011-06-16", "16 June", "4th March", "next thursday", "end of February",
"end of the month", "end of next week".

Whatever is read is always shown back in full ("Thursday 16 June 2011") by the reply, so a
misreading is seen at once. A date that cannot exist ("31 February") is refused, not rounded.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = {name.lower(): index for index, name in enumerate(calendar.day_name)}
WEEKDAYS.update({name.lower(): index for index, name in enumerate(calendar.day_abbr)})
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): index for index, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

# "a week today", "a fortnight tomorrow", "a week on Friday": British ways to say a week or two after a day.
_WEEK_ON = re.compile(r"^(?:a\s+)?(week|fortnight)\s+(?:(today|tomorrow)|on\s+([a-z]+))$")
_PAST_WORDS = re.compile(r"\b(?:ago|last|previous|yesterday|before|earlier)\b")
_WEEKDAY = re.compile(r"^(?:(this|next|coming|last|previous)\s+)?([a-z]+)(\s+week)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+)\.?(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_END_OF = re.compile(r"^(?:the\s+)?end\s+of\s+([a-z]+)(?:\s+(\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
# "end of the month", "end of next week", "by the end of this quarter", "end of the financial year"
_END_OF_SPAN = re.compile(
    r"^(?:by\s+)?(?:the\s+)?end\s+of\s+(?:the\s+)?(?:this\s+|current\s+|(next)\s+)?(week|month|quarter|(?:financial\s+)?year)$"
)


@dataclass
class DateProblem:
    """Why the words could not be read as one day; said to the user as is."""

    text: str
    impossible: bool = False  # the words name a day that cannot exist, like 31 February
    ambiguous: bool = False  # the words could mean two different days


# The years a partnership's business can be in (its papers go back decades; its plans some way
# ahead). A day outside them is answered as such: year 9999 would overflow the moment it is moved
# to UTC or a day is added to it.
FIRST_YEAR, LAST_YEAR = 1900, 2199


def _far_off(words: str) -> DateProblem:
    return DateProblem(
        f"“{words[:60]}” is too far off: I work with days from {FIRST_YEAR} to {LAST_YEAR}.", impossible=True
    )


def _real(year: int, month: int, day: int, words: str) -> date | DateProblem:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return _far_off(words)
    try:
        return date(year, month, day)
    except ValueError:
        return DateProblem(f"“{words}” is not a real date.", impossible=True)


def _next_year_if_past(candidate_year: int, month: int, day: int, today: date, words: str) -> date | DateProblem:
    found = _real(candidate_year, month, day, words)
    if isinstance(found, date) and found < today - timedelta(days=180):
        # "4 March" said in November means next March; said in April it may mean last month.
        return _real(candidate_year + 1, month, day, words)
    return found


_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:[/.](\d{2}|\d{4}))?$")


def _towards(found: date | DateProblem, today: date, prefer: str | None, words: str) -> date | DateProblem:
    """A day named without its year, moved to the year `prefer` asks for: its next occurrence (today
    or later) or its last (today or earlier)."""
    if not isinstance(found, date) or prefer is None:
        return found
    if prefer == "next" and found < today:
        return _real(found.year + 1, found.month, found.day, words)
    if prefer == "last" and found > today:
        return _real(found.year - 1, found.month, found.day, words)
    return found


def _end_of(span: str, today: date, next_one: bool) -> date:
    """The last day of this (or the next) week, month, quarter or year. A week ends on its Friday
    (the working week, as "by the end of the week" means at work); quarters end with March, June,
    September and December, the same for the financial year's quarters as for the calendar's; the
    financial year ends on 31 March."""
    if span == "week":
        return today + timedelta(days=(4 - today.weekday()) % 7 + (7 if next_one else 0))
    if span == "month":
        year, month = (
            (today.year + (today.month == 12), today.month % 12 + 1) if next_one else (today.year, today.month)
        )
        return date(year, month, calendar.monthrange(year, month)[1])
    if span == "quarter":
        month = (today.month - 1) // 3 * 3 + 3 + (3 if next_one else 0)
        year = today.year + (month - 1) // 12
        month = (month - 1) % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])
    if span.startswith("financial"):
        year = today.year + (today.month > 3) + next_one
        return date(year, 3, 31)
    return date(today.year + next_one, 12, 31)


def parse_day(words: str, today: date, strict: bool = False, prefer: str | None = None) -> date | DateProblem:
    """The day `words` name. `strict` (for changes, not look-ups) asks about numeric dates like
    03/04/2027 that read differently in UK and US order, rather than guessing. `prefer` ("next" or
    "last") says which occurrence a day without its year ("16 June", "thursday") means; without it,
    the nearer one, looking ahead half a year."""
    found = _parse_day(words, today, strict, prefer)
    return found


def _parse_day(words: str, today: date, strict: bool, prefer: str | None) -> date | DateProblem:
    text = " ".join(words.casefold().replace(",", " ").split())
    if strict and (match := _NUMERIC.match(text)):
        first, second = int(match[1]), int(match[2])
        if first != second and first <= 12 and second <= 12:
            year = match[3] or ""
            one = f"{first} {calendar.month_name[second]} {year}".strip()
            other = f"{second} {calendar.month_name[first]} {year}".strip()
            return DateProblem(
                f"“{words}” could be {one} or {other}: please write the month as a word, e.g. `{one}`.", ambiguous=True
            )
    if not text:
        return DateProblem("Which day? e.g. `2027-06-16`, `16 June` or `next thursday`.")
    if match := _NUMERIC.match(text):  # UK order: day, month, year
        year = int(match[3]) if match[3] else today.year
        year = year + 2000 if year < 100 else year
        if match[3]:
            return _real(year, int(match[2]), int(match[1]), words)
        if prefer:
            return _towards(_real(year, int(match[2]), int(match[1]), words), today, prefer, words)
        return _next_year_if_past(year, int(match[2]), int(match[1]), today, words)
    if text == "today":
        return today
    if text == "tomorrow":
        return today + timedelta(days=1)
    if text == "yesterday":
        return today - timedelta(days=1)
    if match := _ISO.match(text):
        return _real(int(match[1]), int(match[2]), int(match[3]), words)
    if (match := _WEEK_ON.match(text)) and (match[2] or match[3] in WEEKDAYS):
        if match[2]:
            base = today + timedelta(days=1 if match[2] == "tomorrow" else 0)
        else:
            base = today + timedelta(days=(WEEKDAYS[match[3]] - today.weekday()) % 7)
        return base + timedelta(days=14 if match[1] == "fortnight" else 7)
    if (match := _WEEKDAY.match(text)) and match[2] in WEEKDAYS:
        if match[1] in {"last", "previous"} or (match[1] is None and prefer == "last" and not match[3]):
            back = (today.weekday() - WEEKDAYS[match[2]]) % 7
            if match[1]:
                back = back or 7  # "last thursday" said on a Thursday is a week ago
            return today - timedelta(days=back)
        ahead = (WEEKDAYS[match[2]] - today.weekday()) % 7
        if match[1] in {"next", "coming"} or (match[1] is None and ahead == 0 and match[3]):
            ahead = ahead or 7  # "next thursday" said on a Thursday is a week today
        if match[3]:
            ahead += 7  # "friday week"
        return today + timedelta(days=ahead)
    if (match := _DAY_MONTH.match(text)) and match[2] in MONTHS:
        if match[3]:
            return _real(int(match[3]), MONTHS[match[2]], int(match[1]), words)
        if prefer:
            return _towards(_real(today.year, MONTHS[match[2]], int(match[1]), words), today, prefer, words)
        return _next_year_if_past(today.year, MONTHS[match[2]], int(match[1]), today, words)
    if (match := _MONTH_DAY.match(text)) and match[1] in MONTHS:
        if match[3]:
            return _real(int(match[3]), MONTHS[match[1]], int(match[2]), words)
        if prefer:
            return _towards(_real(today.year, MONTHS[match[1]], int(match[2]), words), today, prefer, words)
        return _next_year_if_past(today.year, MONTHS[match[1]], int(match[2]), today, words)
    if match := _END_OF_SPAN.match(text):
        return _end_of(match[2], today, bool(match[1]))
    if (match := _END_OF.match(text)) and match[1] in MONTHS:
        month = MONTHS[match[1]]
        year = int(match[2]) if match[2] else today.year
        if not FIRST_YEAR <= year <= LAST_YEAR:
            return _far_off(words)
        last = calendar.monthrange(year, month)[1]
        return _next_year_if_past(year, month, last, today, words) if not match[2] else date(year, month, last)
    if len(text) > 60 or not re.search(r"\d|[a-z]{3}", text):
        return DateProblem(f"I couldn't read “{words[:60]}” as a date.")
    import dateparser  # the last resort, loaded when a day is not said in the common ways

    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "future",
            "DATE_ORDER": "DMY",
            "REQUIRE_PARTS": ["day", "month"],
            "RELATIVE_BASE": datetime.combine(today, datetime.min.time()),
        },
    )
    if parsed is None:
        return DateProblem(f"I couldn't read “{words[:60]}” as a date.")
    if parsed.date() < today and not _PAST_WORDS.search(text) and not re.search(r"\b\d{4}\b", text):
        # dateparser reads some phrases of the future as the past ("a week today" as a week ago):
        # a day in the past that nothing said was past is not read at all, rather than guessed.
        return DateProblem(f"I couldn't read “{words[:60]}” as a date.")
    return _real(parsed.year, parsed.month, parsed.day, words)
