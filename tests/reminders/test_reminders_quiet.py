"""Quiet sweeps (commands/reminder_engine/sweep.py, _Quiet): a sweep that found everything due
already dealt with is not worked out again while nothing is committed — until the next reminder
falls due, or anyone, through any connection, writes anything. Nothing is sent late or twice."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from commands.reminder_engine.sweep import AHEAD, sweep
from storage.db import make_engine, read_only, transaction
from storage.tables import Board, Delivery, Meeting
from tests.support.bot_server import settings_for
from tests.support.clock import utc
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.reminder_world import RecordingSlack, poster_for
from tests.support.statements import Statements

TODAY = date(2027, 3, 1)  # the Forum meets Thursday 11 March; its day-before reminder is Wednesday 10th, 09:00
WEDNESDAY_NINE = utc(2027, 3, 10, 9)


@pytest.fixture
def partnership(engine):
    slack = RecordingSlack().start()
    settings = settings_for(engine, SLACK_API_URL=slack.api_url)
    load_yaml(engine, upcoming_yaml(TODAY), settings.tz)
    yield engine, settings, slack
    slack.stop()


def _at(engine, settings, slack, moment: datetime):
    return sweep(engine, settings, poster_for(slack), now=moment, worker="test")


def test_a_quiet_sweep_is_not_worked_out_again_and_the_next_reminder_still_goes_on_time(partnership):
    engine, settings, slack = partnership
    statements = Statements(engine)
    try:
        _at(engine, settings, slack, WEDNESDAY_NINE - timedelta(minutes=11))  # the first: marks when it swept
        assert _at(engine, settings, slack, WEDNESDAY_NINE - timedelta(minutes=10)).sent == []  # works it out
        report, ran = statements.during(lambda: _at(engine, settings, slack, WEDNESDAY_NINE - timedelta(minutes=5)))
        assert report.sent == [] and ran <= (1 if engine.dialect.name == "postgresql" else 0), ran
        # 09:00: nothing was committed, but a reminder falls due: the sweep works it out, and sends it.
        nine = _at(engine, settings, slack, WEDNESDAY_NINE)
        assert [line["kind"] for line in nine.sent] == ["agenda_day"]
        for minutes in range(1, int(AHEAD.total_seconds() // 60) + 30, 7):
            assert _at(engine, settings, slack, WEDNESDAY_NINE + timedelta(minutes=minutes)).sent == []
        assert [p.channel for p in slack.accepted] == ["C0FORUM01"]
    finally:
        statements.close()


def test_a_change_by_another_writer_is_seen_by_the_very_next_sweep(partnership):
    engine, settings, slack = partnership
    _at(engine, settings, slack, WEDNESDAY_NINE)  # the Forum's reminder goes
    _at(engine, settings, slack, WEDNESDAY_NINE + timedelta(minutes=1))
    assert _at(engine, settings, slack, WEDNESDAY_NINE + timedelta(minutes=2)).sent == []  # quiet, kept
    # Another process adds a Safer meeting for tomorrow morning: its day-before reminder was due at 09:00.
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        with transaction(other) as session:
            safer = session.exec(select(Board).where(Board.slug == "safer")).one()
            session.add(Meeting(board_id=safer.id, starts_at=utc(2027, 3, 11, 10), venue="Police HQ"))
    finally:
        other.dispose()
    report = _at(engine, settings, slack, WEDNESDAY_NINE + timedelta(minutes=3))
    assert [(line["kind"], line["target"]) for line in report.sent] == [("agenda_day", "C0SAFER01")]
    assert _at(engine, settings, slack, WEDNESDAY_NINE + timedelta(minutes=4)).sent == []
    with read_only(engine) as session:
        sent = session.exec(select(Delivery.target).where(Delivery.status == "sent")).all()
    assert sorted(sent) == ["C0FORUM01", "C0SAFER01"]


def test_a_sweep_with_other_settings_or_going_back_in_time_works_it_out_afresh(partnership):
    engine, settings, slack = partnership
    _at(engine, settings, slack, WEDNESDAY_NINE - timedelta(minutes=3))
    _at(engine, settings, slack, WEDNESDAY_NINE - timedelta(minutes=2))
    two_hours = settings_for(engine, SLACK_API_URL=slack.api_url, FORUM_REMINDER_GRACE_HOURS="2")
    statements = Statements(engine)
    try:
        _, ran = statements.during(lambda: _at(engine, two_hours, slack, WEDNESDAY_NINE - timedelta(minutes=1)))
        assert ran > 1  # other settings: its own finding
        _, ran = statements.during(lambda: _at(engine, two_hours, slack, WEDNESDAY_NINE - timedelta(minutes=9)))
        assert ran > 1  # a moment before the finding it has
    finally:
        statements.close()


def test_a_quiet_night_is_worked_out_once(partnership):
    """After Wednesday's 09:00 reminder nothing falls due until the Forum meets on Thursday: a sweep
    every ten minutes through the evening and the night works it out once and after that only asks
    whether anything was committed (and now and then marks that it swept) — the finding looks a day
    ahead, not an hour or two."""
    engine, settings, slack = partnership
    _at(engine, settings, slack, WEDNESDAY_NINE)
    statements = Statements(engine)
    allowed = 1 if engine.dialect.name == "postgresql" else 0
    try:
        worked_out = []
        for minutes in range(60, 24 * 60 - 10, 10):  # Wednesday 10:00 until Thursday 08:50
            moment = WEDNESDAY_NINE + timedelta(minutes=minutes)
            report, ran = statements.during(lambda moment=moment: _at(engine, settings, slack, moment))
            assert report.sent == []
            if ran > allowed:
                worked_out.append((moment.strftime("%a %H:%M"), ran))
    finally:
        statements.close()
    # The first works it out; every six hours (a quarter of the grace period) one writes the sweep's mark.
    assert worked_out[0][0] == "Wed 10:00" and worked_out[0][1] > 5
    assert [(at, ran - allowed) for at, ran in worked_out[1:]] == [("Wed 15:00", 1), ("Wed 21:00", 1), ("Thu 03:00", 1)]
    assert [p.channel for p in slack.accepted] == ["C0FORUM01"]
