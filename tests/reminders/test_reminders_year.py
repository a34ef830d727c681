"""A partnership's year (2027) swept hour by hour against the stand-in Slack.

Every hour of the two clock-change weeks is swept, and on other days the hours from 07:00 to 10:00
UTC (09:00 local and the Safer board's 08:00, in GMT and in BST), 12:00 and 15:00 (when the bot comes
back from its outages) and a few hours picked at random (seeded, three on SQLite, one on PostgreSQL):
the same posts must arrive at the same hours, and one scheduled for a wrong hour would go at the next
hour swept and show as a wrong arrival. On the way: officers'
edits (an action closed, a response submitted, a meeting cancelled, another moved), two outages
(one caught up within the grace period, one longer, whose reminders are skipped), restarts, a
channel the bot is not in, Slack rate-limiting and failing. Every sweep that sends something is
run a second time at once and must send nothing more.

The expected posts below were worked out by hand from the partnership's dates, the default
reminder rules and the Safer board's own settings: GMT until Sunday 28 March and after Sunday 31
October (09:00 = 09:00 UTC), BST between (09:00 = 08:00 UTC).
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlmodel import select

from commands.reminder_engine.sweep import sweep
from storage.db import read_only, transaction
from storage.tables import Action, Board, Consultation, Delivery, DeliveryAttempt, Meeting, Person
from storage.writes import change
from tests.support.blockkit import assert_valid_blocks
from tests.support.bot_server import settings_for
from tests.support.clock import utc
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import SAFER_SETTINGS, YEAR_2027, InstantClock, RecordingSlack, dm, poster_for

FORUM, SAFER = "C0FORUM01", "C0SAFER01"
BREN, HAZEL, DAVE, ANWAR = dm("U0BREN001"), dm("U0HAZEL01"), dm("U0DAVEK01"), dm("U0ANWAR01")


def _a3_digests() -> list[tuple[datetime, str]]:
    """Anwar chairs Safer: its "all partners" action, due Monday 3 May and never done, is in his
    digest every Monday from 10 May, at 08:00 local (the board's hour) — except 6 September, when
    the bot was down for four days. A Monday that is a bank holiday (31 May, 30 August, and 27 and
    28 December for Christmas and Boxing Day) sends on the next working day."""
    found = []
    day = date(2027, 5, 10)
    moved = {date(2027, 5, 31): 1, date(2027, 8, 30): 1, date(2027, 12, 27): 2}
    while day.year == 2027:
        if day != date(2027, 9, 6):
            sent = day + timedelta(days=moved.get(day, 0))
            hour = 7 if sent < date(2027, 10, 31) else 8  # 08:00 BST is 07:00 UTC
            found.append((utc(sent.year, sent.month, sent.day, hour), ANWAR))
        day += timedelta(days=7)
    return found


EXPECTED = [
    # Forum, Thursday 21 January 14:00 GMT: a week before, and the day before.
    (utc(2027, 1, 14, 9), FORUM),
    (utc(2027, 1, 20, 9), FORUM),
    # Compact consultation, closing Thursday 18 February: 14 and 7 days before, to Bren and the
    # channel; submitted on the 12th, so nothing at 2 days, on the day, or after.
    (utc(2027, 2, 4, 9), BREN),
    (utc(2027, 2, 4, 9), FORUM),
    (utc(2027, 2, 11, 9), BREN),
    (utc(2027, 2, 11, 9), FORUM),
    # Dave's action due Wednesday 10 February: 3 days before is a Sunday, so Friday; done on the
    # 9th, so nothing on the day.
    (utc(2027, 2, 5, 9), DAVE),
    # Forum, Thursday 1 April 14:00 BST: agenda and matters arising on Thursday 25 March (still GMT).
    (utc(2027, 3, 25, 9), FORUM),
    (utc(2027, 3, 25, 9), BREN),
    # Bren's action due Monday 29 March, Easter Monday: 3 days before is Good Friday, so both
    # nudges fall on Thursday 25th, and go once.
    (utc(2027, 3, 25, 9), BREN),
    # Dave presents item 6: three working days before Thursday 1 April, over Easter, is Thursday 25.
    (utc(2027, 3, 25, 9), DAVE),
    # (Safer's meeting on Tuesday 30 March: the day before is Easter Monday, so its reminder is on
    # Thursday 25th at 08:00 GMT; it is refused — the bot is not in the channel — so it never arrives.)
    (utc(2027, 3, 31, 8), FORUM),
    # Bren's action, overdue: Mondays 5, 12 and 19 April to him and in Hazel's digest; done on the 20th.
    (utc(2027, 4, 5, 8), BREN),
    (utc(2027, 4, 5, 8), HAZEL),
    (utc(2027, 4, 12, 8), BREN),
    (utc(2027, 4, 12, 8), HAZEL),
    (utc(2027, 4, 19, 8), BREN),
    (utc(2027, 4, 19, 8), HAZEL),
    # Forum, Thursday 10 June: due Thursday 3 June 08:00 UTC while the bot was down (from 20:00 on
    # the 2nd); caught up at 15:00 when it came back. Cancelled on the 5th: no day-before reminder.
    (utc(2027, 6, 3, 15), FORUM),
    (utc(2027, 6, 3, 15), BREN),
    # Forum, Thursday 15 July, moved on 9 July to Thursday 22 July: the week-ahead reminders for
    # the 15th went on the 8th; for the 22nd, a week before and the day before.
    (utc(2027, 7, 8, 8), FORUM),
    (utc(2027, 7, 8, 8), BREN),
    (utc(2027, 7, 15, 8), FORUM),
    (utc(2027, 7, 15, 8), BREN),
    (utc(2027, 7, 21, 8), FORUM),
    # Safer's consultation closing Monday 6 September, never submitted: its nudges fell in the
    # long outage (3–7 September) and were skipped; the chair hears of the missed deadline on
    # Tuesday 7th at 08:00 BST (07:00 UTC), caught up at 12:00 UTC when the bot came back.
    (utc(2027, 9, 7, 12), ANWAR),
    # Transport plan consultation closing Sunday 31 October (the clocks go back that night): 14
    # and 7 days before are Sundays, so Fridays 15 and 22; 2 days before and "on the day" are
    # both Friday 29, one post. Prue has no Slack account: her nudges cannot go (recorded).
    (utc(2027, 10, 15, 8), FORUM),
    (utc(2027, 10, 22, 8), FORUM),
    (utc(2027, 10, 29, 8), FORUM),
    # Forum, Monday 1 November 14:00 GMT: agenda and matters arising Monday 25 October (BST);
    # Bren presents items 3 and 5 (Wednesday 27th); the day before is a Sunday, so Friday 29th.
    (utc(2027, 10, 25, 8), FORUM),
    (utc(2027, 10, 25, 8), BREN),
    (utc(2027, 10, 27, 8), BREN),
    (utc(2027, 10, 29, 8), FORUM),
    # The transport plan deadline was missed: Hazel hears on Monday 1 November at 09:00 GMT —
    # Slack fails all four tries at 09:00, so it arrives at the next sweep.
    (utc(2027, 11, 1, 10), HAZEL),
    *_a3_digests(),
]

OUTAGES = [(utc(2027, 6, 2, 20), utc(2027, 6, 3, 15)), (utc(2027, 9, 3, 0), utc(2027, 9, 7, 12))]


def _person_id(session, name: str) -> int:
    return session.exec(select(Person.id).where(Person.name == name)).one()


EDITS = {utc(2027, 2, 9, 12), utc(2027, 2, 12, 12), utc(2027, 4, 20, 12), utc(2027, 6, 5, 12), utc(2027, 7, 9, 12)}


def _edit(engine, when: datetime) -> None:
    """The officers' edits, at the hours they make them."""
    if when not in EDITS:
        return
    with transaction(engine) as session:

        def one(model, **where):
            statement = select(model)
            for key, value in where.items():
                statement = statement.where(getattr(model, key) == value)
            return session.exec(statement).one()

        if when == utc(2027, 2, 9, 12):
            change(
                session, "U0DAVEK01", one(Action, due_date=date(2027, 2, 10)), {"status": "done", "completed_at": when}
            )
        elif when == utc(2027, 2, 12, 12):
            change(
                session,
                "U0BREN001",
                one(Consultation, closes=date(2027, 2, 18)),
                {"response_status": "submitted", "submitted_at": when},
            )
        elif when == utc(2027, 4, 20, 12):
            change(
                session, "U0BREN001", one(Action, due_date=date(2027, 3, 29)), {"status": "done", "completed_at": when}
            )
        elif when == utc(2027, 6, 5, 12):
            change(
                session,
                "U0BREN001",
                one(Meeting, starts_at=utc(2027, 6, 10, 13)),
                {"status": "cancelled", "status_reason": "Not quorate"},
            )
        elif when == utc(2027, 7, 9, 12):
            change(
                session, "U0BREN001", one(Meeting, starts_at=utc(2027, 7, 15, 13)), {"starts_at": utc(2027, 7, 22, 13)}
            )


# Slack's answers to chat.postMessage, scripted at given sweeps.
RATE_LIMITED_THEN_FAILING = [
    (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "3"}),
    (500, {"ok": False, "error": "internal_error"}, {}),
]
SCRIPTS = {
    utc(2027, 3, 25, 8): [(200, {"ok": False, "error": "not_in_channel"}, {})],
    utc(2027, 4, 5, 8): RATE_LIMITED_THEN_FAILING,
    utc(2027, 11, 1, 9): [(500, {"ok": False, "error": "internal_error"}, {})] * 4,
}


@pytest.fixture
def year(engine):
    slack = RecordingSlack().start()
    settings = settings_for(engine, SLACK_API_URL=slack.api_url)
    load_yaml(engine, YEAR_2027, settings.tz)
    with transaction(engine) as session:
        safer = session.exec(select(Board).where(Board.slug == "safer")).one()
        change(session, "test", safer, {"settings": SAFER_SETTINGS})
    yield engine, settings, slack
    slack.stop()


CLOCK_CHANGE_WEEKS = [(utc(2027, 3, 25), utc(2027, 4, 1)), (utc(2027, 10, 28), utc(2027, 11, 4))]


def _hours_to_sweep(engine):
    """Every day of 2027: the working hours in GMT and BST and a few hours picked at random (seeded,
    different on each database); every hour of the weeks the clocks change. A reminder scheduled for
    a wrong hour is sent at the next hour swept, so it still shows as a wrong arrival."""
    hour = utc(2027, 1, 1, 0)
    extra = 3 if engine.dialect.name == "sqlite" else 1
    pick = random.Random(f"2027-{engine.dialect.name}")
    while hour.year == 2027:
        chosen = {7, 8, 9, 10, 12, 15, *(pick.randrange(24) for _ in range(extra))}
        if any(start <= hour < end for start, end in CLOCK_CHANGE_WEEKS):
            chosen = set(range(24))
        for n in sorted(chosen):
            yield hour + timedelta(hours=n)
        hour += timedelta(days=1)


def test_a_year_of_reminders_each_arrives_once_at_its_hour(year):
    engine, settings, slack = year
    clock = InstantClock()
    poster = poster_for(slack, clock)
    arrivals: list[tuple[datetime, str]] = []
    down = False
    for hour in _hours_to_sweep(engine):
        _edit(engine, hour)
        if any(start <= hour < back for start, back in OUTAGES):
            down = True
            continue
        if down:  # the bot restarts: a new process, nothing remembered but the database
            down, poster = False, poster_for(slack, clock)
        slack.scripted["chat.postMessage"] = list(SCRIPTS.get(hour, []))
        before = len(slack.accepted)
        sweep(engine, settings, poster, now=hour, worker="bot-1")
        arrivals += [(hour, post.channel) for post in slack.accepted[before:]]
        if len(slack.accepted) > before:
            calls = len(slack.calls)
            report = sweep(engine, settings, poster, now=hour, worker="bot-1")  # the same sweep again
            assert (report.sent, report.retrying, len(slack.calls)) == ([], [], calls)

    assert sorted(arrivals) == sorted(EXPECTED)
    assert Counter(arrivals) == Counter(EXPECTED)  # and none twice
    for post in slack.accepted:
        assert_valid_blocks(post.blocks)
        assert post.text  # the notification fallback

    # What the stand-in saw besides: the refused post was tried once and never again; the
    # rate-limited one was retried after exactly the Retry-After, then after a 500.
    assert [c.args["channel"] for c in slack.calls_to("chat.postMessage")].count(SAFER) == 1
    assert 3.0 in clock.sleeps
    with read_only(engine) as session:
        rows = session.exec(select(Delivery)).all()
        statuses = Counter(row.status for row in rows)
        assert statuses["sent"] == len(EXPECTED)
        refused = sorted(
            (row.target, row.occasion.rsplit(":", 1)[-1], row.error) for row in rows if row.status == "failed"
        )
        prue = f"person:{_person_id(session, 'Prue Canham')}"
        cannot_dm = "no_slack_user: Prue Canham has no Slack account linked"
        assert refused == sorted(
            [
                (SAFER, "2027-03-30", "chat.postMessage: not_in_channel"),  # tried once, never again
                # Prue's three nudges (2 days before and on the day fell on one Friday): no Slack call made
                (prue, "14d", cannot_dm),
                (prue, "7d", cannot_dm),
                (prue, "0d", cannot_dm),
            ]
        )
        skipped = sorted((row.kind, row.due_at) for row in rows if row.status == "skipped")
        assert skipped == sorted(
            [
                ("consultation_owner", utc(2027, 9, 3, 7)),
                ("consultation_channel", utc(2027, 9, 3, 7)),
                ("consultation_owner", utc(2027, 9, 6, 7)),
                ("consultation_channel", utc(2027, 9, 6, 7)),
                ("overdue_digest", utc(2027, 9, 6, 7)),
            ]
        )
        limited = session.exec(
            select(Delivery).where(Delivery.kind == "actions_overdue", Delivery.due_at == utc(2027, 4, 5, 8))
        ).one()
        attempts = session.exec(
            select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == limited.id).order_by(DeliveryAttempt.id)
        ).all()
        assert [(a.result, a.http_status, a.waited_seconds) for a in attempts] == [
            ("ratelimited", 429, None),
            ("server_error", 500, 3.0),
            ("checked", 200, None),
            ("sent", 200, 2.0),
        ]
        assert attempts[-1].message_ts == limited.message_ts and limited.channel == BREN
        late = session.exec(
            select(Delivery).where(Delivery.kind == "consultation_missed", Delivery.target == "U0HAZEL01")
        ).one()
        attempts = session.exec(
            select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == late.id).order_by(DeliveryAttempt.id)
        ).all()
        # the DM opened, four 500s (the DM searched for the post before each try after one); an hour
        # later (the DM known by then) searched again, and sent
        nine, ten = utc(2027, 11, 1, 9), utc(2027, 11, 1, 10)
        assert [(a.at, a.result) for a in attempts] == [
            (nine, "ok"),
            (nine, "server_error"),
            *[(nine, "checked"), (nine, "server_error")] * 3,
            (ten, "checked"),
            (ten, "sent"),
        ]
        assert (late.status, late.attempts, late.finished_at) == ("sent", 10, ten)


def test_the_messages_say_what_a_member_needs(year):
    engine, settings, slack = year
    poster = poster_for(slack)
    for moment in (utc(2027, 3, 25, 9), utc(2027, 3, 29, 8), utc(2027, 3, 31, 8), utc(2027, 4, 5, 8)):
        sweep(engine, settings, poster, now=moment)
    texts = {(post.channel, post.text.split("\n")[0]) for post in slack.accepted}
    assert (
        DAVE,
        "You present item 6, Sustainable Community Strategy priorities, on Thursday at the Luton Forum: "
        "Thursday 1 April 2027 at 2:00 pm BST, Central Library.",
    ) in texts
    assert (FORUM, "Luton Forum meets tomorrow: Thursday 1 April 2027 at 2:00 pm BST, Central Library.") in texts
    assert (FORUM, "Luton Forum meets in 7 days: Thursday 1 April 2027 at 2:00 pm BST, Central Library.") in texts
    day_before = next(p for p in slack.accepted if p.text.startswith("Luton Forum meets tomorrow"))
    buttons = [e["action_id"] for b in day_before.blocks if b["type"] == "actions" for e in b["elements"]]
    assert "meeting_apologies" in buttons
    arising = next(p for p in slack.accepted if p.channel == BREN and "Matters arising" in p.text)
    assert "Circulate the budget presentation" in arising.text and "Report the Forum's comments" in arising.text
    digest = [p for p in slack.accepted if p.channel == HAZEL][-1]  # Monday 5 April
    assert "Luton Forum: 2 overdue" in digest.text
    assert "Bren McGowan (1):" in digest.text and "Report the Forum's comments on priorities" in digest.text
    assert "Dave Kempson (1):" in digest.text  # never closed in this story
    assert "due Monday 29 March 2027 · 7 days OVERDUE" in digest.text
