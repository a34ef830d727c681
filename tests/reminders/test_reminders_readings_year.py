"""Chasing the figures over a year (2027), swept hour by hour against the stand-in Slack: every
nudge about an indicator reading arrives once, at the working hour (09:00 UK time; weekends and
bank holidays moved), and stops when the reading arrives or the indicator is archived.

The partnership: NI 151 (the Forum's, quarterly and due 30 days after each quarter — the defaults —
its contact Priya Shah) and LI 02 (the Safer board's, monthly by its board's settings and due 14
days on by its own; no contact named, so the officers are chased: Bren, the Forum's officer, as
Safer has none). Dates worked out by hand: GMT until 28 March and after 31 October, BST between.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from commands.reminder_engine.sweep import sweep
from storage.db import read_only, transaction
from storage.tables import Board, Delivery, Indicator, IndicatorReading
from storage.writes import change, create
from tests.support.blockkit import assert_valid_blocks
from tests.support.bot_server import settings_for
from tests.support.clock import utc
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import InstantClock, RecordingSlack, dm, poster_for

PRIYA, BREN = dm("U0PRIYA01"), dm("U0BREN001")

READINGS_2027 = """
organisations:
  - {name: Luton Borough Council, sector: statutory}
people:
  - {name: Bren McGowan, organisation: Luton Borough Council, slack_user: U0BREN001, role: officer}
  - {name: Priya Shah, organisation: Luton Borough Council, slack_user: U0PRIYA01}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, members: [Bren McGowan]}
  - {name: Stronger and Safer Communities Board, slug: safer, parent: forum,
     settings: {indicators: {frequency: monthly}}}
indicators:
  - {code: NI 151, title: Overall employment rate, direction: higher, board: forum, lead: Luton Borough Council,
     contact: Priya Shah, readings: {2026/27 Q3: 61.0}}
  - {code: LI 02, title: Volunteering hours, direction: higher, board: safer, due_days: 14,
     readings: {2026/27 M09: 5.0}}
  - {code: LI 03, title: Retired measure, direction: higher, board: forum, readings: {2025/26 Q1: 1.0}}
"""

EXPECTED = [
    # LI 02, January's reading (2026/27 M10), due Sunday 14 February: 7 days before is a Sunday, so
    # Friday 5th; "on the day" Friday 12th; then weekly, each Sunday moved to the Monday after.
    (utc(2027, 2, 5, 9), BREN, "reading_due"),
    (utc(2027, 2, 12, 9), BREN, "reading_due"),
    (utc(2027, 2, 22, 9), BREN, "reading_overdue"),
    (utc(2027, 3, 1, 9), BREN, "reading_overdue"),
    # … in on Tuesday 2 March. February's (M11), due Sunday 14 March: Friday 5th; LI 02 archived on
    # the 11th, so not on Friday 12th.
    (utc(2027, 3, 5, 9), BREN, "reading_due"),
    # Bren's Monday digests of readings overdue: LI 02's January, 15 February to 1 March.
    (utc(2027, 2, 15, 9), BREN, "readings_digest"),
    (utc(2027, 2, 22, 9), BREN, "readings_digest"),
    (utc(2027, 3, 1, 9), BREN, "readings_digest"),
    # NI 151, 2026/27 Q4, due Friday 30 April (BST: 09:00 is 08:00 UTC): the 23rd, the 30th, a week
    # on (7 May); in on Wednesday 12 May. In the officers' digest: Monday 3 May is a bank holiday,
    # so Tuesday 4th; Monday 10th.
    (utc(2027, 4, 23, 8), PRIYA, "reading_due"),
    (utc(2027, 4, 30, 8), PRIYA, "reading_due"),
    (utc(2027, 5, 7, 8), PRIYA, "reading_overdue"),
    (utc(2027, 5, 4, 8), BREN, "readings_digest"),
    (utc(2027, 5, 10, 8), BREN, "readings_digest"),
    # 2027/28 Q1, due Friday 30 July: 23rd and 30th; in the digest on Monday 2 August; in on the 4th.
    (utc(2027, 7, 23, 8), PRIYA, "reading_due"),
    (utc(2027, 7, 30, 8), PRIYA, "reading_due"),
    (utc(2027, 8, 2, 8), BREN, "readings_digest"),
    # 2027/28 Q2, due Saturday 30 October, never in: Fridays 22nd and 29th (BST); weekly from
    # Saturday 6 November, moved to Mondays (GMT now), Christmas week's to Wednesday 29 December
    # (27th and 28th are bank holidays); the digest every Monday from 1 November, the 27th's on the 29th.
    (utc(2027, 10, 22, 8), PRIYA, "reading_due"),
    (utc(2027, 10, 29, 8), PRIYA, "reading_due"),
    *[(utc(2027, 11, d, 9), PRIYA, "reading_overdue") for d in (8, 15, 22, 29)],
    *[(utc(2027, 12, d, 9), PRIYA, "reading_overdue") for d in (6, 13, 20, 29)],
    *[(utc(2027, 11, d, 9), BREN, "readings_digest") for d in (1, 8, 15, 22, 29)],
    *[(utc(2027, 12, d, 9), BREN, "readings_digest") for d in (6, 13, 20, 29)],
]


def _edit(engine, when: datetime) -> None:
    """Readings arriving, and LI 02 archived, at the hours the officers do it."""
    readings = {
        utc(2027, 3, 2, 12): ("LI 02", "2026/27 M10"),
        utc(2027, 5, 12, 12): ("NI 151", "2026/27 Q4"),
        utc(2027, 8, 4, 12): ("NI 151", "2027/28 Q1"),
    }
    if when not in readings and when != utc(2027, 3, 11, 12):
        return
    with transaction(engine) as session:
        if when in readings:
            code, period = readings[when]
            indicator = session.exec(select(Indicator).where(Indicator.code == code)).one()
            create(session, "U0BREN001", IndicatorReading(indicator_id=indicator.id, period=period, value=1.0))
        else:
            li02 = session.exec(select(Indicator).where(Indicator.code == "LI 02")).one()
            change(session, "U0BREN001", li02, {"archived_at": when})


@pytest.fixture
def year(engine):
    slack = RecordingSlack().start()
    settings = settings_for(engine, SLACK_API_URL=slack.api_url)
    load_yaml(engine, READINGS_2027, settings.tz)
    with transaction(engine) as session:
        retired = session.exec(select(Indicator).where(Indicator.code == "LI 03")).one()
        change(session, "test", retired, {"archived_at": utc(2026, 12, 1)})
        assert session.exec(select(Board).where(Board.slug == "safer")).one().settings
    yield engine, settings, slack
    slack.stop()


def _hours_to_sweep(engine):
    """Every day of 2027: the working hours in GMT and BST, and a few hours picked at random (seeded,
    different on each database); a nudge scheduled for a wrong hour goes at the next hour swept and
    shows as a wrong arrival."""
    hour = utc(2027, 1, 1, 0)
    extra = 3 if engine.dialect.name == "sqlite" else 1
    pick = random.Random(f"1151-{engine.dialect.name}")
    while hour.year == 2027:
        chosen = {7, 8, 9, 10, 12, *(pick.randrange(24) for _ in range(extra))}
        for n in sorted(chosen):
            yield hour + timedelta(hours=n)
        hour += timedelta(days=1)


def test_a_year_of_chasing_readings_each_nudge_once_at_its_hour(year):
    engine, settings, slack = year
    poster = poster_for(slack, InstantClock())
    arrivals: list[tuple[datetime, str, str]] = []
    for hour in _hours_to_sweep(engine):
        _edit(engine, hour)
        before = len(slack.accepted)
        report = sweep(engine, settings, poster, now=hour, worker="bot-1")
        arrivals += [(hour, line["target"], line["kind"]) for line in report.sent]
        if len(slack.accepted) > before:
            calls = len(slack.calls)
            again = sweep(engine, settings, poster, now=hour, worker="bot-1")  # the same sweep again
            assert (again.sent, again.retrying, len(slack.calls)) == ([], [], calls)
    channels = {"U0PRIYA01": PRIYA, "U0BREN001": BREN}
    arrivals = [(at, channels[target], kind) for at, target, kind in arrivals]
    assert sorted(arrivals) == sorted(EXPECTED)
    assert Counter(arrivals) == Counter(EXPECTED)  # and none twice
    assert len(slack.accepted) == len(EXPECTED)
    for post in slack.accepted:
        assert_valid_blocks(post.blocks)
        assert post.text
    with read_only(engine) as session:
        rows = session.exec(select(Delivery).where(Delivery.kind.in_(["reading_due", "reading_overdue"]))).all()
        assert {row.status for row in rows} == {"sent"}
        assert not [row for row in rows if "LI 03" in row.summary]


def test_the_nudge_says_the_indicator_period_and_day_and_opens_the_form(year):
    engine, settings, slack = year
    poster = poster_for(slack)
    sweep(engine, settings, poster, now=utc(2027, 4, 23, 8))  # NI 151, 2026/27 Q4, to Priya
    sweep(engine, settings, poster, now=utc(2027, 2, 5, 9))  # LI 02, January's, to the officers
    to_priya = next(p for p in slack.accepted if p.channel == PRIYA)
    assert "NI 151 Overall employment rate: the 2026/27 Q4 reading is due in 7 days (Friday 30 April 2027)" in (
        to_priya.text
    )
    assert "You are named as its contact for Luton Borough Council." in to_priya.text
    buttons = [e for b in to_priya.blocks if b["type"] == "actions" for e in b["elements"]]
    assert [(b["action_id"], b["value"].split("|")[1]) for b in buttons] == [("reading_enter", "2026/27 Q4")]
    to_bren = next(p for p in slack.accepted if p.channel == BREN)
    assert "LI 02 Volunteering hours: the 2026/27 M10 reading is due in 9 days (Sunday 14 February 2027)" in (
        to_bren.text
    )
    assert "No contact is named for this indicator" in to_bren.text


def test_no_chasing_before_a_period_ends_or_for_history(year):
    engine, settings, slack = year
    poster = poster_for(slack)
    for day in (date(2027, 1, 4), date(2027, 1, 11), date(2027, 1, 29)):
        sweep(engine, settings, poster, now=utc(day.year, day.month, day.day, 9))
    assert slack.accepted == []  # LI 03's old quarters: archived; NI 151's Q3 and LI 02's M09 are in


MANY_OWED = "\n".join(
    READINGS_2027.split("\nindicators:")[0].splitlines()
    + ["indicators:"]
    + [
        f"  - {{code: LI {n:02d}, title: Local measure {n}, direction: higher, board: forum, readings: {{2026/27 Q3: 1}}}}"
        for n in range(10, 22)
    ]
)


def test_many_readings_owed_the_same_day_come_in_one_message(engine):
    """A partnership whose indicators came from old papers owes many readings at once: twelve are due
    on Friday 30 April 2027, and the officer gets one message on the 23rd listing them (ten with
    their buttons, and how many more), once, not twelve."""
    slack = RecordingSlack().start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, MANY_OWED, settings.tz)
        poster = poster_for(slack)
        sweep(engine, settings, poster, now=utc(2027, 4, 23, 8))
        sweep(engine, settings, poster, now=utc(2027, 4, 23, 8, 30))  # the same morning again
        [post] = slack.accepted
        assert post.channel == BREN
        assert_valid_blocks(post.blocks)
        assert post.text.startswith("12 indicator readings are due:")
        assert "LI 10 Local measure 10: the 2026/27 Q4 reading is due in 7 days (Friday 30 April 2027). *" in post.text
        buttons = [b["accessory"] for b in post.blocks if b.get("accessory", {}).get("action_id") == "reading_enter"]
        assert [b["value"].split("|")[1] for b in buttons] == ["2026/27 Q4"] * 10
        assert "… and 2 more: `/forum indicators missing` lists them all." in str(post.blocks)
        with read_only(engine) as session:
            [row] = session.exec(select(Delivery).where(Delivery.kind == "reading_due")).all()
            assert row.status == "sent" and row.occasion == "readings:2027-04-23:0900"
            assert row.summary == (
                "12 indicator readings due: LI 10 2026/27 Q4, LI 11 2026/27 Q4, LI 12 2026/27 Q4, "
                "LI 13 2026/27 Q4, LI 14 2026/27 Q4, LI 15 2026/27 Q4 and 6 more"
            )
        # Eleven readings in by the day itself: the one still owed comes alone, in full.
        with transaction(engine) as session:
            for code in [f"LI {n}" for n in range(10, 21)]:
                indicator = session.exec(select(Indicator).where(Indicator.code == code)).one()
                create(session, "U0BREN001", IndicatorReading(indicator_id=indicator.id, period="2026/27 Q4", value=2))
        sweep(engine, settings, poster, now=utc(2027, 4, 30, 8))
        assert len(slack.accepted) == 2
        last = slack.accepted[-1]
        assert last.text.startswith("LI 21 Local measure 21: the 2026/27 Q4 reading is due today")
    finally:
        slack.stop()
