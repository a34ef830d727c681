"""When reminders fall due: working hours, weekends, the clock change, per-board settings, and
what stops or moves them — read from the database as it stands."""

from __future__ import annotations

from datetime import date, time

import pytest
from sqlmodel import select

from commands.core.context import Context
from commands.core.router import handle
from commands.reminder_engine.sweep import upcoming
from commands.reminder_engine.times import nudge_days, reminder_settings, send_at, working_days_before
from storage.db import transaction
from storage.tables import Action, Board, Meeting
from storage.writes import change
from templates import render_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON, utc
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import YEAR_2027

NINE = time(9, 0)


@pytest.mark.parametrize(
    "day, move, expected",
    [
        (date(2027, 3, 24), "earlier", utc(2027, 3, 24, 9)),  # a Wednesday in GMT: as it is
        # Easter 2027: Good Friday 26 March and Easter Monday 29 March are bank holidays.
        (date(2027, 3, 27), "earlier", utc(2027, 3, 25, 9)),  # Saturday before the change → Thursday, GMT
        (date(2027, 3, 28), "earlier", utc(2027, 3, 25, 9)),  # the Sunday the clocks go forward → Thursday
        (date(2027, 3, 28), "later", utc(2027, 3, 30, 8)),  # … or Tuesday, now BST: 09:00 is 08:00 UTC
        (date(2027, 7, 14), "earlier", utc(2027, 7, 14, 8)),  # midsummer, BST
        (date(2027, 10, 30), "later", utc(2027, 11, 1, 9)),  # Saturday before the clocks go back → Monday, GMT
        (date(2027, 10, 31), "earlier", utc(2027, 10, 29, 8)),  # the Sunday they go back → Friday, still BST
    ],
)
def test_reminders_go_at_nine_local_on_a_working_day(day, move, expected):
    assert send_at(day, NINE, LONDON, move) == expected


@pytest.mark.parametrize(
    "meeting, count, expected",
    [
        (date(2027, 4, 1), 3, date(2027, 3, 25)),  # Thursday after Easter → the Thursday before it
        (date(2027, 11, 1), 3, date(2027, 10, 27)),  # Monday → the Wednesday before
        (date(2027, 3, 6), 3, date(2027, 3, 3)),  # a Saturday meeting → Wednesday
        (date(2027, 4, 1), 0, date(2027, 4, 1)),
    ],
)
def test_working_days_before(meeting, count, expected):
    assert working_days_before(meeting, count) == expected


def test_two_nudges_moved_onto_one_day_are_one():
    # Closing Sunday 31 October: 14 and 7 days before are Sundays (→ Fridays); 2 days before is
    # Friday 29th, and "on the day" moves to that Friday too: one nudge there, the nearer one.
    assert nudge_days(date(2027, 10, 31), (14, 7, 2, 0)) == [
        (14, date(2027, 10, 15)),
        (7, date(2027, 10, 22)),
        (0, date(2027, 10, 29)),
    ]
    assert nudge_days(date(2027, 11, 3), (3, 0)) == [(3, date(2027, 10, 29)), (0, date(2027, 11, 3))]


def test_board_settings_override_defaults_and_nonsense_is_reported_not_obeyed():
    default = reminder_settings(None)
    assert (default.hour, default.consultation_days, default.action_days, default.digest_weekday) == (
        NINE,
        (14, 7, 2, 0),
        (3, 0),
        0,
    )
    own = reminder_settings(
        {
            "reminders": {
                "hour": "07:30",
                "agenda_week_days": None,
                "action_days": [],
                "digest_weekday": "Friday",
                "consultation_days": [1, 10],
            }
        }
    )
    assert (own.hour, own.agenda_week_days, own.action_days, own.digest_weekday, own.consultation_days) == (
        time(7, 30),
        None,
        (),
        4,
        (10, 1),
    )
    assert own.problems == ()
    bad = reminder_settings(
        {
            "reminders": {
                "hour": "9am",
                "agenda_day_days": -1,
                "consultation_days": "weekly",
                "digest_weekday": "Caturday",
                "agenda_days": 7,
            }
        }
    )
    assert (bad.hour, bad.agenda_day_days, bad.consultation_days, bad.digest_weekday) == (NINE, 1, (14, 7, 2, 0), 0)
    assert len(bad.problems) == 5 and "reminders.agenda_days is not a setting" in bad.problems
    assert "reminders.hour = '9am' is not a time like 09:00; using '09:00'" in bad.problems


@pytest.fixture
def year(engine):
    settings = settings_for(engine)
    load_yaml(engine, YEAR_2027, settings.tz)
    return engine, settings


def _due(engine, settings, start, days=14):
    return [(d.kind, d.recipient, d.due_at) for d in upcoming(engine, settings, start, days)]


def test_a_boards_own_hour_and_reminders_apply_to_its_meetings(year):
    engine, settings = year
    with transaction(engine) as session:
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        change(session, "test", safer, {"settings": {"reminders": {"hour": "07:30", "agenda_week_days": None}}})
    safer_meeting = [d for d in _due(engine, settings, utc(2027, 3, 20)) if "Safer" in d[1]]
    # Safer meets Tuesday 30 March: no week-ahead agenda; the day before is Easter Monday, so the
    # working day before that, Thursday 25th, at 07:30 GMT (still 07:30 UTC).
    assert safer_meeting == [("agenda_day", "Stronger and Safer Communities Board channel", utc(2027, 3, 25, 7, 30))]


def test_postponing_or_cancelling_a_meeting_stops_its_reminders_and_moving_it_moves_them(year):
    engine, settings = year
    start = utc(2027, 3, 20)
    forum_meeting = [
        d
        for d in _due(engine, settings, start)
        if d[0] in ("agenda_week", "agenda_day", "presenter") and "Safer" not in d[1]
    ]
    assert forum_meeting == [
        ("agenda_week", "Luton Forum channel", utc(2027, 3, 25, 9)),
        ("presenter", "Dave Kempson", utc(2027, 3, 25, 9)),  # 3 working days before, over Easter
        ("agenda_day", "Luton Forum channel", utc(2027, 3, 31, 8)),
    ]
    with transaction(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.starts_at == utc(2027, 4, 1, 13))).one()
        change(session, "test", meeting, {"status": "postponed", "status_reason": "Budget not ready"})
    assert [d for d in _due(engine, settings, start) if d[1] == "Luton Forum channel"] == []
    with transaction(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.starts_at == utc(2027, 4, 1, 13))).one()
        change(session, "test", meeting, {"status": "scheduled", "starts_at": utc(2027, 4, 8, 13)})
    assert [d for d in _due(engine, settings, start, 21) if d[1] == "Luton Forum channel"] == [
        ("agenda_week", "Luton Forum channel", utc(2027, 4, 1, 8)),
        ("agenda_day", "Luton Forum channel", utc(2027, 4, 7, 8)),
    ]


def test_closing_an_action_stops_its_nudges_at_once(year):
    engine, settings = year
    start = utc(2027, 3, 22)
    # Due Easter Monday: 3 days before is Good Friday, and both nudges go on Thursday 25th, once.
    assert [d for d in _due(engine, settings, start) if d[0] == "action_due"] == [
        ("action_due", "Bren McGowan", utc(2027, 3, 25, 9)),
    ]
    with transaction(engine) as session:
        action = session.exec(select(Action).where(Action.due_date == date(2027, 3, 29))).one()
        change(session, "U0BREN001", action, {"status": "dropped"})
    assert [
        d for d in _due(engine, settings, start) if d[0] in ("action_due", "actions_overdue") and d[1] == "Bren McGowan"
    ] == []


def test_one_chair_of_two_boards_gets_one_digest(year):
    engine, settings = year
    with transaction(engine) as session:
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        change(
            session,
            "test",
            safer,
            {"chair_id": session.exec(select(Board).where(Board.slug == "forum")).one().chair_id},
        )
    dues = upcoming(engine, settings, utc(2027, 5, 10), 1)
    digests = [d for d in dues if d.kind == "overdue_digest"]
    assert [(d.recipient, d.due_at) for d in digests] == [("Hazel Simmons", utc(2027, 5, 10, 8))]
    forum, safer = digests[0].data["boards"]
    assert (forum["board"], [g["owner"] for g in forum["groups"]]) == ("Luton Forum", ["Bren McGowan", "Dave Kempson"])
    assert (safer["board"], [g["owner"] for g in safer["groups"]]) == (
        "Stronger and Safer Communities Board",
        ["all partners"],
    )
    assert digests[0].data["total"] == 3


def test_officers_are_told_of_settings_that_were_ignored(year):
    engine, settings = year
    with transaction(engine) as session:
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        change(session, "test", safer, {"settings": {"reminders": {"hour": "half nine"}}})
    reply = handle(Context(engine=engine, settings=settings, surface="console", now=utc(2027, 1, 1)), "reminders 3")
    text = render_text(reply)
    assert "Settings ignored: Stronger and Safer Communities Board: reminders.hour = 'half nine'" in text
    assert "Reminders: the next 3 days" in text and "Nothing is due to be sent in the next 3 days." in text
