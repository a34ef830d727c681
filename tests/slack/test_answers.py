"""The answer cache (bot/answers.py), through the real bolt app over HTTP on a SQLite file.

An answer asked for again is given again without touching the database (counted: no SQL reaches the
bot's engine), and it is never stale: a change committed by anyone — another engine, another
process (`forum import`), the bot itself — is in the next answer. Each asker, channel and minute has
its own answer. FORUM_ANSWER_CACHE=0 works every answer out afresh. PostgreSQL keeps answers too.

The request's clock is fixed (the listener's Context is given a `now`), so that a minute turning
over between two requests cannot make a test pass or fail by chance; the minute test moves it.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text as sql
from sqlalchemy.exc import OperationalError
from sqlmodel import select

import bot.answer_cache as answers_module
import bot.listeners.slash_commands as slash_commands
from bot.answer_cache import Answers
from commands.core.context import Context
from commands.core.registry import COMMANDS, all_commands
from storage.db import make_engine, transaction
from storage.tables import Action, Meeting
from storage.types import utcnow
from storage.writes import change
from tests.support.blockkit import visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml
from tests.support.slack_requests import post, signed_headers, slash_command_body
from tests.support.statements import Statements

all_commands()  # every command module loaded: the tests below go through all of them

ROOT = Path(__file__).resolve().parents[2]
BREN, SARAH, HAZEL = "U0BREN001", "U0SARAH01", "U0HAZEL01"


def partnership_yaml(today: date) -> str:
    held, soon, later, safer = (today + timedelta(days=n) for n in (-20, 10, 40, 5))
    return f"""
organisations:
  - {{name: Luton Borough Council, sector: statutory}}
people:
  - {{name: Bren McGowan, organisation: Luton Borough Council, slack_user: {BREN}, role: officer}}
  - {{name: Hazel Simmons, organisation: Luton Borough Council, slack_user: {HAZEL}, role: chair}}
  - {{name: Sarah Allen, organisation: Luton Borough Council, slack_user: {SARAH}}}
boards:
  - {{name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons}}
  - {{name: Stronger and Safer Communities Board, slug: safer, parent: forum, channel: C0SAFER01}}
meetings:
  - {{board: forum, starts: {held} 14:00, venue: Town Hall, status: held}}
  - board: forum
    starts: {soon} 14:00
    venue: Central Library
    agenda:
      - {{number: "1", title: Introductions and Apologies}}
  - {{board: forum, starts: {later} 14:00, venue: Hat Factory}}
  - {{board: safer, starts: {safer} 09:30, venue: Police HQ}}
actions:
  - {{description: Report back on the comments made by the Forum, owner: Bren McGowan, due: {today + timedelta(days=30)}, meeting: forum {held}}}
  - {{description: Forward responses on the Compact, owner: Sarah Allen, due: {today + timedelta(days=20)}, meeting: forum {held}}}
"""


@pytest.fixture
def clock(monkeypatch):
    """The moment every /forum request is asked at: `clock[0]`, fixed until a test moves it."""
    moment = [utcnow().replace(second=20, microsecond=0)]

    def context(**fields) -> Context:
        return Context(now=moment[0], **fields)

    monkeypatch.setattr(slash_commands, "Context", context)  # looked up by the listener on each request
    return moment


@pytest.fixture
def world(sqlite_engine, clock):
    today = clock[0].astimezone(LONDON).date()
    load_yaml(sqlite_engine, partnership_yaml(today), LONDON)
    return sqlite_engine, today


def ask(bot, text: str, user: str = BREN, channel: str = "C0GENERAL1") -> dict:
    body = slash_command_body(text, user_id=user, channel_id=channel)
    answer = post(bot.url + "/slack/events", body, signed_headers(body))
    assert answer.status == 200, answer.body
    return answer.json()


def shown(reply: dict) -> str:
    return visible_text(reply["blocks"]) if reply.get("blocks") else reply.get("text", "")


def ref_of(engine, description: str) -> str:
    with transaction(engine) as session:
        return f"A-{session.exec(select(Action.id).where(Action.description == description)).one()}"


def run_forum(tmp_path: Path, *args: str, db: str):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update({"DATABASE_URL": db, "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "app", *args], capture_output=True, text=True, cwd=tmp_path, env=environment, timeout=120
    )


def test_next_meeting_is_given_again_until_another_connection_or_process_changes_the_data(world, bot_factory, tmp_path):
    engine, today = world
    queries = Statements(engine)
    bot = bot_factory(engine)
    first, worked = queries.during(lambda: ask(bot, "next-meeting"))
    assert worked > 0 and "Central Library" in shown(first)
    again, worked = queries.during(lambda: ask(bot, "next-meeting"))
    assert again == first and worked == 0  # the same answer, and the database was not asked

    # Another engine (its own connections, as another bot process would have) moves the venue.
    other = make_engine(engine.url.render_as_string(hide_password=False))
    with transaction(other) as session:
        soon = session.exec(select(Meeting).where(Meeting.venue == "Central Library")).one()
        change(session, "elsewhere", soon, {"venue": "Hat Factory Arts Centre"})
    other.dispose()
    moved, worked = queries.during(lambda: ask(bot, "next-meeting"))
    assert worked > 0 and "Hat Factory Arts Centre" in shown(moved) and "Central Library" not in shown(moved)
    assert queries.during(lambda: ask(bot, "next-meeting")) == (moved, 0)

    # Another process: `forum import` of a file adding an earlier meeting.
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        f"meetings:\n  - {{board: forum, starts: {today + timedelta(days=2)} 18:00, venue: Wardown House}}\n"
    )
    result = run_forum(tmp_path, "import", str(extra), db=engine.url.render_as_string(hide_password=False))
    assert result.returncode == 0, result.stderr
    newer = ask(bot, "next-meeting")
    assert "Wardown House" in shown(newer) and "6:00 pm" in shown(newer)


def test_a_change_made_through_slack_is_in_the_next_answer(world, bot_factory):
    engine, _ = world
    bot = bot_factory(engine)
    ref = ref_of(engine, "Forward responses on the Compact")
    mine = ask(bot, "actions", user=SARAH)
    one = ask(bot, f"action {ref}", user=SARAH)
    assert ref in shown(mine) and "open" in shown(one)
    assert ask(bot, "actions", user=SARAH) == mine  # kept

    done = ask(bot, f'done {ref} "sent to the Compact group"', user=SARAH)
    assert f"{ref} is done" in shown(done)
    assert ref not in shown(ask(bot, "actions", user=SARAH))  # her open actions: none now
    after = shown(ask(bot, f"action {ref}", user=SARAH))
    assert "done" in after and "sent to the Compact group" in after


def test_a_new_minute_is_a_new_answer(world, bot_factory, clock):
    engine, today = world
    queries = Statements(engine)
    bot = bot_factory(engine)
    with transaction(engine) as session:
        starts = session.exec(select(Meeting.starts_at).where(Meeting.venue == "Central Library")).one()
    clock[0] = starts - timedelta(seconds=30)  # half a minute before the meeting starts
    before = shown(ask(bot, "next-meeting"))
    clock[0] = starts - timedelta(seconds=5)  # the same minute: the same answer, kept
    assert queries.during(lambda: shown(ask(bot, "next-meeting")))[1] == 0
    assert "Central Library" in before
    clock[0] = starts + timedelta(seconds=10)  # the meeting has begun: the next one is the one after
    after = shown(ask(bot, "next-meeting"))
    assert "Hat Factory" in after and "Central Library" not in after


def test_each_asker_and_channel_has_its_own_answer(world, bot_factory):
    engine, _ = world
    bot = bot_factory(engine)
    bren, sarah = (
        ref_of(engine, "Report back on the comments made by the Forum"),
        ref_of(engine, "Forward responses on the Compact"),
    )
    for _ in range(2):  # the second time round, every answer is a kept one
        for user, own, other in ((BREN, bren, sarah), (SARAH, sarah, bren)):
            text = shown(ask(bot, "actions", user=user))
            assert own in text and other not in text, (user, text)
        assert "Luton Forum" in shown(ask(bot, "next-meeting", channel="C0FORUM01"))
        safer = shown(ask(bot, "next-meeting", channel="C0SAFER01"))
        assert "Stronger and Safer" in safer and "Police HQ" in safer


def test_a_failed_answer_is_not_given_again(world, bot_factory, monkeypatch):
    engine, _ = world
    bot = bot_factory(engine)
    real = COMMANDS["next-meeting"]
    failures = [OperationalError("SELECT", {}, Exception("database is locked"))]

    def flaky(ctx, words):
        if failures:
            raise failures.pop()
        return real.handler(ctx, words)

    monkeypatch.setitem(COMMANDS, "next-meeting", dataclasses.replace(real, handler=flaky))
    assert "temporarily unavailable" in shown(ask(bot, "next-meeting"))
    assert "Central Library" in shown(ask(bot, "next-meeting"))  # the retry is worked out, not the failure


def test_forum_answer_cache_0_works_every_answer_out(world, bot_factory):
    engine, _ = world
    queries = Statements(engine)
    bot = bot_factory(engine, FORUM_ANSWER_CACHE="0")
    assert bot.settings.answer_cache is False
    first, _ = queries.during(lambda: ask(bot, "next-meeting"))
    again, worked = queries.during(lambda: ask(bot, "next-meeting"))
    assert again == first and worked > 0


def test_on_either_database_an_answer_is_kept_until_any_writer_changes_the_data(engine, bot_factory, clock):
    """SQLite and PostgreSQL alike: the kept answer costs at most the one read of the change number
    (PostgreSQL's change_counter; SQLite's data_version is read on a connection of its own), and a
    change committed by another engine — through the bot's own code, or plain SQL as psql would —
    is in the next answer."""
    load_yaml(engine, partnership_yaml(clock[0].astimezone(LONDON).date()), LONDON)
    queries = Statements(engine)
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        bot = bot_factory(engine)
        first, _ = queries.during(lambda: ask(bot, "next-meeting"))
        again, worked = queries.during(lambda: ask(bot, "next-meeting"))
        assert again == first and "Central Library" in shown(first)
        assert worked <= (1 if engine.dialect.name == "postgresql" else 0), worked

        with transaction(other) as session:
            soon = session.exec(select(Meeting).where(Meeting.venue == "Central Library")).one()
            change(session, "elsewhere", soon, {"venue": "Hat Factory Arts Centre"})
        moved = shown(ask(bot, "next-meeting"))
        assert "Hat Factory Arts Centre" in moved and "Central Library" not in moved
        assert ask(bot, "next-meeting") == ask(bot, "next-meeting")

        with other.begin() as connection:  # no ORM, no audit: a writer that is not the bot
            connection.execute(
                sql("UPDATE meeting SET venue = 'Wardown House' WHERE venue = 'Hat Factory Arts Centre'")
            )
        assert "Wardown House" in shown(ask(bot, "next-meeting"))
    finally:
        other.dispose()
        queries.close()


# --- Answers itself ----------------------------------------------------------------------------


def _ctx(engine, now: datetime, user: str = BREN) -> Context:
    return Context(engine=engine, settings=settings_for(engine), user_id=user, channel_id="C0FORUM01", now=now)


def test_answers_are_keyed_by_the_minute_and_a_late_request_of_a_gone_minute_is_not_kept(sqlite_engine):
    answers = Answers(sqlite_engine)
    at = datetime(2027, 3, 25, 9, 0, 10, tzinfo=UTC)
    early, same, later = (_ctx(sqlite_engine, at + timedelta(seconds=s)) for s in (0, 40, 60))
    key = answers.key(early, "next-meeting")
    assert answers.get(key) is None
    answers.put(key, {"text": "at 9:00"})
    assert json.loads(answers.get(answers.key(same, "next-meeting"))) == {"text": "at 9:00"}
    assert answers.get(answers.key(later, "next-meeting")) is None  # 9:01: a new minute
    answers.put(key, {"text": "late, from 9:00"})  # worked out in 9:00, finished in 9:01
    assert answers.get(answers.key(early, "next-meeting")) is None
    assert answers._kept == {} and answers._bytes == 0


def test_answers_keep_only_read_only_commands_and_resolve_aliases_as_the_router_does(sqlite_engine):
    answers = Answers(sqlite_engine)
    ctx = _ctx(sqlite_engine, datetime(2027, 3, 25, 9, tzinfo=UTC))
    for text in ("next-meeting", "NEXT safer", "meeting", "todo", "Actions overdue", "ni 151", "audit A-1", "?"):
        assert answers.key(ctx, text) is not None, text
    for text in ("", "reminders", "done A-1", "apologies", "grant @x officer", "wibble", "actions " + "x" * 1000):
        assert answers.key(ctx, text) is None, text
    assert Answers(sqlite_engine, enabled=False).key(ctx, "next-meeting") is None


def test_answers_memory_is_bounded_in_count_and_bytes(sqlite_engine, monkeypatch):
    monkeypatch.setattr(answers_module, "SIZE", 5)
    monkeypatch.setattr(answers_module, "BUDGET", 1000)
    answers = Answers(sqlite_engine)
    ctx = _ctx(sqlite_engine, datetime(2027, 3, 25, 9, tzinfo=UTC))
    keys = [answers.key(ctx, f"action A-{n}") for n in range(20)]
    answers.get(keys[0])
    for key in keys:
        answers.put(key, {"text": "x" * 10})
    assert len(answers._kept) == 5 and answers.get(keys[-1]) is not None and answers.get(keys[0]) is None
    for key in keys:
        answers.put(key, {"text": "y" * 300})
    assert len(answers._kept) == 3 and answers._bytes <= 1000
    answers.put(keys[0], {"text": "z" * 5000})  # bigger than the whole budget: not kept at all
    assert answers.get(keys[0]) is None and len(answers._kept) == 3
