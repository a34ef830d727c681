"""The iCalendar feeds over HTTP, parsed back with icalendar, right across the clock change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import pytest

from commands.core.context import Context
from commands.core.router import handle
from templates import render_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import get

NEXT_YEAR = datetime.now(UTC).year + 1


def last_sunday(year: int, month: int) -> date:
    day = date(year, month, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


SPRING = last_sunday(NEXT_YEAR, 3)  # clocks go forward: GMT → BST
AUTUMN = last_sunday(NEXT_YEAR, 10)  # clocks go back: BST → GMT
BEFORE, AFTER = SPRING - timedelta(days=3), SPRING + timedelta(days=4)  # the Thursdays either side
MONDAY_AFTER, WEEK_LATER = AUTUMN + timedelta(days=1), AUTUMN + timedelta(days=8)

PARTNERSHIP = f"""
boards:
  - {{name: Luton Forum, slug: forum, kind: forum}}
  - {{name: Health and Well-being Board, slug: health, parent: forum}}
meetings:
  - {{board: forum, starts: {BEFORE} 14:00, venue: Hat Factory, address: "Bute Street, Luton",
     agenda: [{{number: "1", title: Apologies}}, {{number: "2", title: "Budget & <plans>"}}]}}
  - {{board: forum, starts: {AFTER} 14:00, ends: {AFTER} 16:05, venue: Central Library}}
  - {{board: health, starts: {MONDAY_AFTER} 10:00, venue: Town Hall, status: cancelled, status_reason: Not quorate}}
  - {{board: health, starts: {WEEK_LATER} 10:00, venue: Town Hall, status: postponed}}
"""


@pytest.fixture
def server(sqlite_engine, bot_factory):
    load_yaml(sqlite_engine, PARTNERSHIP, LONDON)
    return bot_factory(sqlite_engine)


def events(answer) -> dict[str, icalendar.Event]:
    assert answer.status == 200 and answer.headers["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.body)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    return {str(e["DTSTART"].dt.date()): e for e in calendar.walk("VEVENT")}


def test_the_whole_feed_keeps_2pm_at_2pm_across_the_clock_change(server):
    found = events(get(server.url + "/calendar.ics"))
    march, april = found[str(BEFORE)], found[str(AFTER)]
    for event in (march, april):
        start = event["DTSTART"].dt
        assert (start.hour, start.minute) == (14, 0) and str(start.tzinfo) == "Europe/London"
        assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert march["DTSTART"].dt.astimezone(UTC).hour == 14  # GMT
    assert april["DTSTART"].dt.astimezone(UTC).hour == 13  # BST
    assert april["DTEND"].dt.hour == 16 and april["DTEND"].dt.minute == 5
    assert str(march["LOCATION"]) == "Hat Factory, Bute Street, Luton"
    assert "2. Budget & <plans>" in str(march["DESCRIPTION"])
    assert len({str(e["UID"]) for e in found.values()}) == 4


def test_board_feed_and_statuses(server):
    found = events(get(server.url + "/calendar/health.ics"))
    assert set(found) == {str(MONDAY_AFTER), str(WEEK_LATER)}
    assert str(found[str(MONDAY_AFTER)]["STATUS"]) == "CANCELLED"
    assert str(found[str(WEEK_LATER)]["STATUS"]) == "TENTATIVE"
    assert "(postponed)" in str(found[str(WEEK_LATER)]["SUMMARY"])
    # the Monday after the autumn change: 10:00 GMT
    assert found[str(MONDAY_AFTER)]["DTSTART"].dt.astimezone(UTC).hour == 10


def test_one_meeting_as_an_ics_file(server):
    found = events(get(server.url + "/calendar/meeting/2.ics"))
    assert list(found) == [str(AFTER)]


@pytest.mark.parametrize(
    "path", ["/calendar/nowhere.ics", "/calendar/meeting/999.ics", "/calendar/../etc.ics", "/calendar/meeting/abc.ics"]
)
def test_unknown_calendars_are_404(server, path):
    assert get(server.url + path).status == 404


def test_calendar_command_gives_the_feed_addresses(sqlite_engine):
    load_yaml(sqlite_engine, PARTNERSHIP, LONDON)
    settings = settings_for(sqlite_engine, FORUM_PUBLIC_URL="https://forum.luton.example")
    text = render_text(handle(Context(engine=sqlite_engine, settings=settings), "calendar"))
    assert "All boards: https://forum.luton.example/calendar.ics" in text
    assert "Health and Well-being Board: https://forum.luton.example/calendar/health.ics" in text
    one = render_text(handle(Context(engine=sqlite_engine, settings=settings), "calendar health"))
    assert "calendar/health.ics" in one and "calendar.ics" not in one
