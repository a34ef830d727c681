"""Reminders on working days only (issue 12, item 10), through the real sweep with a fixed clock
and the stand-in Slack: bank holidays from the `holidays` library — England and Wales by default,
Scotland or Northern Ireland by FORUM_BANK_HOLIDAYS — count as the weekend; and matters arising
go to the officers who serve the board, once each."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from commands.core.context import Context
from commands.core.router import handle
from commands.reminder_engine.sweep import sweep
from commands.reminder_engine.times import is_working_day
from settings import Settings
from templates import render_text
from tests.support.bot_server import settings_for
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import RecordingSlack, poster_for

BREN, DAVE, HAZEL, DEB = "D0BREN001", "D0DAVEK01", "D0HAZEL01", "D0DEBGA01"

CHRISTMAS = """
people:
  - {name: Bren McGowan, slack_user: U0BREN001, role: officer}
  - {name: Hazel Simmons, slack_user: U0HAZEL01, role: chair}
  - {name: Dave Kempson, slack_user: U0DAVEK01}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons}
actions:
  - {description: Circulate the budget, owner: Dave Kempson, due: 2026-12-01, board: forum}
  - {description: Book the room for January, owner: Bren McGowan, due: 2026-12-28, board: forum}
  - {description: Send the St Patrick's Day programme, owner: Bren McGowan, due: 2027-03-17, board: forum}
"""


@pytest.fixture
def slack():
    standin = RecordingSlack().start()
    yield standin
    standin.stop()


def _arrivals(engine, settings, slack, first: datetime, last: datetime) -> list[tuple[datetime, str]]:
    """Sweep every hour from `first` to `last`, as the running bot does; what arrived, and when."""
    poster, moment, arrived = poster_for(slack), first, []
    while moment <= last:
        before = len(slack.accepted)
        sweep(engine, settings, poster, now=moment)
        arrived += [(moment, post.channel) for post in slack.accepted[before:]]
        moment += timedelta(hours=1)
    return arrived


def _utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_nothing_goes_over_christmas_and_new_year_in_england(engine, slack):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url)
    load_yaml(engine, CHRISTMAS, settings.tz)
    arrived = _arrivals(engine, settings, slack, _utc(2026, 12, 21, 0), _utc(2027, 1, 6, 0))
    days_off = {date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27), date(2026, 12, 28)}
    days_off |= {date(2027, 1, 1), date(2027, 1, 2), date(2027, 1, 3)}
    assert not [a for a in arrived if a[0].date() in days_off]
    assert sorted(arrived) == sorted(
        [
            # Monday 21 December: Dave's overdue action, to him and in Hazel's digest.
            (_utc(2026, 12, 21, 9), DAVE),
            (_utc(2026, 12, 21, 9), HAZEL),
            # Bren's action due Monday 28 December (Boxing Day's substitute): 3 days before is
            # Christmas Day, so both nudges go on Thursday 24th, once.
            (_utc(2026, 12, 24, 9), BREN),
            # The digest for Monday 28th goes on Tuesday 29th, the next working day.
            (_utc(2026, 12, 29, 9), DAVE),
            (_utc(2026, 12, 29, 9), HAZEL),
            # Monday 4 January: Dave's and now Bren's (overdue since the 28th).
            (_utc(2027, 1, 4, 9), DAVE),
            (_utc(2027, 1, 4, 9), BREN),
            (_utc(2027, 1, 4, 9), HAZEL),
        ]
    )


def test_scotland_keeps_2_january_so_the_monday_digest_waits_for_tuesday(engine, slack):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url, FORUM_BANK_HOLIDAYS="scotland")
    load_yaml(engine, CHRISTMAS, settings.tz)
    arrived = _arrivals(engine, settings, slack, _utc(2027, 1, 2, 0), _utc(2027, 1, 6, 0))
    # 2 January is a Saturday in 2027: Scotland has it on Monday 4th instead.
    assert not is_working_day(date(2027, 1, 4), "scotland") and is_working_day(date(2027, 1, 4), "england")
    assert sorted(arrived) == [(_utc(2027, 1, 5, 9), BREN), (_utc(2027, 1, 5, 9), DAVE), (_utc(2027, 1, 5, 9), HAZEL)]


@pytest.mark.parametrize(
    "region, expected",
    [
        ("england", [(_utc(2027, 3, 17, 9), BREN)]),  # 3 days before is a Sunday: Friday 12th, then on the day
        ("northern_ireland", [(_utc(2027, 3, 16, 9), BREN)]),  # St Patrick's Day: the day before
    ],
)
def test_st_patricks_day_is_a_day_off_in_northern_ireland_only(engine, slack, region, expected):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url, FORUM_BANK_HOLIDAYS=region)
    load_yaml(engine, CHRISTMAS, settings.tz)
    arrived = _arrivals(engine, settings, slack, _utc(2027, 3, 15, 8), _utc(2027, 3, 18, 0))
    assert [a for a in arrived if a[1] == BREN and a[0].date() != date(2027, 3, 15)] == expected


def test_an_unknown_region_is_refused_at_start():
    with pytest.raises(ValueError, match="FORUM_BANK_HOLIDAYS"):
        Settings(_env_file=None, FORUM_BANK_HOLIDAYS="atlantis")
    assert Settings(_env_file=None, FORUM_BANK_HOLIDAYS="Northern Ireland").bank_holidays == "northern_ireland"


MATTERS = """
people:
  - {name: Bren McGowan, slack_user: U0BREN001, role: officer}
  - {name: Deborah Garner, slack_user: U0DEBGA01, role: officer}
  - {name: Hazel Simmons, slack_user: U0HAZEL01, role: chair}
  - {name: Dave Kempson, slack_user: U0DAVEK01}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons, members: [Bren McGowan]}
  - {name: Health and Wellbeing Board, slug: health, parent: forum, channel: C0HEALTH1, members: [Deborah Garner, Dave Kempson]}
  - {name: Officer Group, slug: officers, parent: forum, channel: C0OFFGRP1, members: [Dave Kempson]}
meetings:
  - {board: forum, starts: 2027-01-21 14:00, venue: Hat Factory}
  - {board: forum, starts: 2027-03-04 14:00, venue: Hat Factory}
  - {board: health, starts: 2027-01-20 10:00, venue: Town Hall}
  - {board: health, starts: 2027-03-03 10:00, venue: Town Hall}
  - {board: officers, starts: 2027-01-19 10:00, venue: Town Hall}
  - {board: officers, starts: 2027-03-02 10:00, venue: Town Hall}
actions:
  - {description: Report the Forum's comments, owner: Dave Kempson, due: 2027-02-10, meeting: forum 2027-01-21}
  - {description: Review the JSNA, owner: Dave Kempson, due: 2027-02-10, meeting: health 2027-01-20}
  - {description: Agree the forward plan, owner: Dave Kempson, due: 2027-02-10, meeting: officers 2027-01-19}
"""


def test_matters_arising_go_to_the_officers_who_serve_each_board_once_each(engine, slack):
    settings = settings_for(engine, SLACK_API_URL=slack.api_url)
    load_yaml(engine, MATTERS, settings.tz)
    arrived = _arrivals(engine, settings, slack, _utc(2027, 2, 22, 0), _utc(2027, 2, 26, 0))
    matters = sorted((moment, channel) for moment, channel in arrived if channel in (BREN, DEB))
    assert matters == [
        # The Officer Group (Tuesday 2 March) has no officer among its members: its parent's, Bren.
        (_utc(2027, 2, 23, 9), BREN),
        # Health (Wednesday 3rd): Deborah sits on it, Bren does not.
        (_utc(2027, 2, 24, 9), DEB),
        # The Forum (Thursday 4th): Bren is its member; Deborah is not.
        (_utc(2027, 2, 25, 9), BREN),
    ]


def test_a_reminder_found_in_the_night_waits_and_officers_see_when_it_goes(engine, slack):
    """A meeting added on Wednesday at 21:00 whose 09:00 day-before reminder has passed: nothing is
    posted that night; `reminders` tells an officer it waits, and when it goes; 09:00 sends it."""
    settings = settings_for(engine, SLACK_API_URL=slack.api_url)
    load_yaml(engine, MATTERS, settings.tz)
    load_yaml(engine, "meetings:\n  - {board: forum, starts: 2027-02-11 14:00, venue: Hat Factory}\n", settings.tz)
    poster = poster_for(slack)
    sweep(engine, settings, poster, now=_utc(2027, 2, 10, 20, 59))
    before = len(slack.accepted)
    assert sweep(engine, settings, poster, now=_utc(2027, 2, 10, 21)).sent == []
    ctx = Context(
        engine=engine, settings=settings, user_id="U0BREN001", surface="console", now=_utc(2027, 2, 10, 21, 5)
    )
    text = render_text(handle(ctx, "reminders"))
    assert "waiting for working hours: goes Thursday 11 February 2027 at 9:00 am" in text
    morning = sweep(engine, settings, poster, now=_utc(2027, 2, 11, 9))
    assert [line["kind"] for line in morning.sent] == ["agenda_day"]
    assert [post.channel for post in slack.accepted[before:]] == ["C0FORUM01"]
