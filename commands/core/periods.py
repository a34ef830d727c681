"""A period said after a command's words: "since DATE", "since 2010", "DATE to DATE" (also "from DATE
to DATE"), and a board named among the words — as `decisions`, `search` and `attendance stats` take them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlmodel import Session

from commands.core.context import Context
from commands.core.dates import DateProblem, parse_day
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage.tables import Board

_RANGE = re.compile(r"^(.*?)\bsince\s+(.+)$|^(.*?)(?:\bfrom\s+)?(\d{1,2}\s+\w+\s+\d{4})\s+to\s+(.+)$", re.I)


@dataclass
class Period:
    words: str  # what is left once the period is taken out
    since: datetime | None = None  # from the start of this day (local), inclusive
    until: datetime | None = None  # up to the start of this day (local), exclusive


def _day(words: str, ctx: Context) -> date | Reply:
    if re.fullmatch(r"(19|20)\d\d", words.strip()):  # "since 2010": from the start of that year
        return date(int(words), 1, 1)
    day = parse_day(words.strip(), ctx.today, strict=True, prefer="last")
    if isinstance(day, DateProblem):
        return message(day.text)
    return day


def _start(day: date, ctx: Context) -> datetime:
    return datetime.combine(day, time(), tzinfo=ctx.tz)


def period_in(ctx: Context, words: str) -> Period | Reply:
    """The words with "since …" / "… to …" taken out and read as days; a day that cannot be read is
    a Reply saying why."""
    words = " ".join(words.split())
    match = _RANGE.match(words)
    if not match:
        return Period(words)
    if match.group(2) is not None:
        rest, first = match.group(1), _day(match.group(2), ctx)
        last: date | Reply | None = None
    else:
        rest, first, last = match.group(3), _day(match.group(4), ctx), _day(match.group(5), ctx)
    if isinstance(first, Reply):
        return first
    if isinstance(last, Reply):
        return last
    until = _start(last + timedelta(days=1), ctx) if last else None
    return Period(rest.strip(), _start(first, ctx), until)


def board_named(session: Session, words: str) -> Board | None:
    """The one board the words name (its short name or its name), or None."""
    found = board_queries.find_boards(session, words) if words.strip() else []
    return found[0] if len(found) == 1 else None
