"""Each person's settings (`notify`, issue 18): set by text shortcuts through the router, audited,
hostile values refused; honoured by the reminder sweep (time-travelled over the 2027 partnership
year, as tests/reminders/ do); shown in `reminders`; a board's defaults set by officers."""

from __future__ import annotations

import pytest
from sqlmodel import col, select

from commands.reminder_engine.sweep import upcoming
from storage.db import read_only
from storage.tables import AuditEvent, Board, Person
from templates import render_text
from tests.support.asking import ask
from tests.support.bot_server import settings_for
from tests.support.clock import utc
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import YEAR_2027

BREN, HAZEL, DAVE = "U0BREN001", "U0HAZEL01", "U0DAVEK01"


@pytest.fixture
def year(engine):
    settings = settings_for(engine)
    load_yaml(engine, YEAR_2027, settings.tz)
    return engine, settings


def _notify(engine, slack_user: str) -> dict | None:
    with read_only(engine) as session:
        return session.exec(select(Person).where(Person.slack_user_id == slack_user)).one().notify


def _audits(engine) -> list[dict]:
    with read_only(engine) as session:
        rows = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "person", AuditEvent.verb == "update")
            .order_by(col(AuditEvent.id))
        )
        return [{"note": e.note, "actor": e.actor, "before": e.before, "after": e.after} for e in rows]


def _dues(engine, settings, start, days, kind, recipient):
    return [d.due_at for d in upcoming(engine, settings, start, days) if d.kind == kind and d.recipient == recipient]


def test_text_shortcuts_set_each_choice_and_are_audited(year):
    engine, _ = year
    shown = render_text(ask(engine, "notify", BREN, surface="console"))
    assert "How: Slack direct message (the default)" in shown and "[x] actions" in shown
    for text in (
        "notify both",
        "notify off actions presenter",
        "notify digest daily",
        "notify lead consultations 2 days",
        "notify mute safer",
    ):
        assert ask(engine, text, BREN).ok, text
    assert _notify(engine, BREN) == {
        "route": "both",
        "off": ["presenter", "actions"],
        "digest": "daily",
        "lead": {"consultations": 2},
        "muted": ["safer"],
    }
    text = render_text(ask(engine, "notify show", BREN))
    assert "How: Slack and e-mail" in text and "[ ] actions" in text and "Overdue lists: every working day" in text
    assert "consultations: 2 days before, on the day (you: at most 2 days)" in text
    assert "Muted: Stronger and Safer Communities Board" in text
    events = _audits(engine)
    assert [e["note"] for e in events] == [
        "notify both",
        "notify off actions presenter",
        "notify digest daily",
        "notify lead consultations 2 days",
        "notify mute safer",
    ]
    assert events[0]["actor"] == BREN and events[0]["before"] == {"notify": None}
    assert events[-1]["after"]["notify"]["muted"] == ["safer"]
    # saying it again writes nothing; undoing it is audited too
    assert "nothing changed" in render_text(ask(engine, "notify mute safer", BREN))
    assert len(_audits(engine)) == 5
    ask(engine, "notify unmute safer", BREN)
    ask(engine, "notify on all", BREN)
    ask(engine, "notify lead consultations board", BREN)
    assert _notify(engine, BREN) == {"route": "both", "off": [], "digest": "daily", "lead": {}, "muted": []}
    ask(engine, "notify reset", BREN)
    assert _notify(engine, BREN) is None
    assert len(_audits(engine)) == 9


@pytest.mark.parametrize(
    "text, said",
    [
        ("notify off birthdays", "“birthdays” is not a kind of reminder"),
        ("notify digest hourly", "How often?"),
        ("notify lead actions 999", "not a number of days from 0 to 60"),
        ("notify lead actions -1", "not a number of days"),
        ("notify lead agenda 2", "is not reminders sent days ahead"),
        ("notify mute narnia", "I don't know a board called “narnia”"),
        ("notify pigeon", "I don't understand"),
        ("notify email please " + "x" * 400, "I don't understand"),
        ("notify board safer route email", "A board's defaults are"),
    ],
)
def test_nonsense_is_refused_and_writes_nothing(year, text, said):
    engine, _ = year
    reply = ask(engine, text, BREN)
    assert said in render_text(reply)
    assert _notify(engine, BREN) is None and _audits(engine) == []


def test_someone_the_bot_does_not_know_has_nothing_to_set(year):
    engine, _ = year
    assert "I don't know who you are" in render_text(ask(engine, "notify email", "U0NOBODY1"))
    assert "I don't know who you are" in render_text(ask(engine, "notify", None, surface="console"))


def test_turning_off_action_reminders_stops_them_and_only_them(year):
    engine, settings = year
    start = utc(2027, 3, 22)  # Bren's action is due Easter Monday: nudged Thursday 25th
    assert _dues(engine, settings, start, 7, "action_due", "Bren McGowan") == [utc(2027, 3, 25, 9)]
    ask(engine, "notify off actions", BREN)
    assert _dues(engine, settings, start, 7, "action_due", "Bren McGowan") == []
    # the channel's posts are the board's: still there
    assert _dues(engine, settings, start, 7, "agenda_week", "Luton Forum channel") == [utc(2027, 3, 25, 9)]
    ask(engine, "notify on actions", BREN)
    assert _dues(engine, settings, start, 7, "action_due", "Bren McGowan") == [utc(2027, 3, 25, 9)]


def test_a_muted_board_sends_nothing_personal(year):
    engine, settings = year
    # Dave owns the Safer board's consultation (closes Monday 6 September): 14, 7, 2 days before and on it
    start = utc(2027, 8, 20)
    before = _dues(engine, settings, start, 20, "consultation_owner", "Dave Kempson")
    assert len(before) == 4
    ask(engine, "notify mute safer", DAVE)
    assert _dues(engine, settings, start, 20, "consultation_owner", "Dave Kempson") == []
    assert _dues(engine, settings, start, 20, "consultation_channel", "Stronger and Safer Communities Board channel")
    # …and Dave's overdue Forum action still comes in his Monday list
    assert _dues(engine, settings, utc(2027, 3, 1), 7, "actions_overdue", "Dave Kempson") == [utc(2027, 3, 1, 9)]


def test_a_shorter_lead_keeps_only_the_nearer_days(year):
    engine, settings = year
    start = utc(2027, 8, 20)
    ask(engine, "notify lead consultations 2", DAVE)
    # 2 days before (Saturday 4th → Friday 3rd) and on the day
    assert _dues(engine, settings, start, 20, "consultation_owner", "Dave Kempson") == [
        utc(2027, 9, 3, 8),
        utc(2027, 9, 6, 8),
    ]
    ask(engine, "notify lead consultations 0", DAVE)
    assert _dues(engine, settings, start, 20, "consultation_owner", "Dave Kempson") == [utc(2027, 9, 6, 8)]


def test_the_overdue_digest_weekly_daily_or_never(year):
    engine, settings = year
    start = utc(2027, 3, 1)  # a Monday; Dave's action has been overdue since 10 February
    weekly = _dues(engine, settings, start, 7, "actions_overdue", "Dave Kempson")
    assert weekly == [utc(2027, 3, 1, 9)]
    ask(engine, "notify digest daily", DAVE)
    assert _dues(engine, settings, start, 7, "actions_overdue", "Dave Kempson") == [
        utc(2027, 3, day, 9) for day in (1, 2, 3, 4, 5)
    ]
    # the chair's own digest is the chair's choice: still weekly for Hazel
    assert _dues(engine, settings, start, 7, "overdue_digest", "Hazel Simmons") == [utc(2027, 3, 1, 9)]
    ask(engine, "notify digest daily", HAZEL)
    assert len(_dues(engine, settings, start, 7, "overdue_digest", "Hazel Simmons")) == 5
    ask(engine, "notify digest never", DAVE)
    assert _dues(engine, settings, start, 14, "actions_overdue", "Dave Kempson") == []
    ask(engine, "notify on digests", DAVE)
    assert _dues(engine, settings, start, 7, "actions_overdue", "Dave Kempson") == weekly


def test_daily_lists_skip_the_weekend_and_bank_holidays(year):
    engine, settings = year
    ask(engine, "notify digest daily", DAVE)
    # Easter 2027: Good Friday 26 March and Easter Monday 29 March; Bren's action is overdue from 30th
    days = _dues(engine, settings, utc(2027, 3, 24), 8, "actions_overdue", "Dave Kempson")
    assert days == [utc(2027, 3, 24, 9), utc(2027, 3, 25, 9), utc(2027, 3, 30, 8), utc(2027, 3, 31, 8)]


def test_officers_set_a_boards_defaults_and_members_cannot(year):
    engine, settings = year
    refused = render_text(ask(engine, "notify board forum digest daily", DAVE))
    assert "Only officers and admins can set a board's reminder defaults" in refused
    said = render_text(ask(engine, "notify board forum digest daily", BREN))
    assert "Luton Forum: for everyone who has not chosen, overdue lists daily" in said
    with read_only(engine) as session:
        forum = session.exec(select(Board).where(Board.slug == "forum")).one()
        assert forum.settings["notify"] == {"digest": "daily"}
        audit = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == "board", AuditEvent.verb == "update")
            .order_by(col(AuditEvent.id).desc())
        ).first()
        assert audit.actor == BREN and audit.after["settings"]["notify"] == {"digest": "daily"}
    start = utc(2027, 3, 1)
    assert len(_dues(engine, settings, start, 7, "actions_overdue", "Dave Kempson")) == 5
    ask(engine, "notify digest weekly", DAVE)  # his own choice wins
    assert _dues(engine, settings, start, 7, "actions_overdue", "Dave Kempson") == [utc(2027, 3, 1, 9)]
    ask(engine, "notify board forum off actions", BREN)
    assert _dues(engine, settings, utc(2027, 3, 22), 7, "action_due", "Bren McGowan") == []
    ask(engine, "notify board forum reset", BREN)
    with read_only(engine) as session:
        assert "notify" not in (session.exec(select(Board).where(Board.slug == "forum")).one().settings or {})


def test_reminders_shows_the_callers_own_settings(year):
    engine, _ = year
    ask(engine, "notify email", BREN)
    ask(engine, "notify off readings", BREN)
    ask(engine, "notify mute safer", BREN)
    text = render_text(ask(engine, "reminders 3", BREN, now=utc(2027, 3, 22)))
    assert (
        "Your own reminders: by e-mail; off: readings; overdue lists weekly; "
        "muted: Stronger and Safer Communities Board. Change them with `notify`." in text
    )
    # the operator's preview (`forum jobs preview`) is nobody's
    assert "Your own reminders" not in render_text(ask(engine, "reminders 3", None, surface="console"))
