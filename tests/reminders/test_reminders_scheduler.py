"""The scheduler in the running bot: `forum serve` sweeps on its own, and sends each reminder once
however many ticks pass."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import select

import commands.reminder_engine.sweep as sweep_module
from bot.scheduler import start_scheduler
from storage import deliveries
from storage.db import make_engine, read_only, transaction, upgrade
from storage.tables import Board, Delivery
from storage.types import utcnow
from storage.writes import change
from tests.support.bot_server import settings_for
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import RecordingSlack, poster_for
from tests.support.serving import serve_environment, start_serve
from tests.support.slack_requests import get

ROOT = Path(__file__).resolve().parents[2]
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

OVERDUE = """
people:
  - {name: Bren McGowan, slack_user: U0BREN001, role: officer}
  - {name: Hazel Simmons, slack_user: U0HAZEL01, role: chair}
boards:
  - {name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01, chair: Hazel Simmons}
actions:
  - {description: Report the Forum's comments on priorities, owner: Bren McGowan, due: 2020-01-06, board: forum}
"""


def _due_on_wednesday(engine, settings) -> None:
    """An action long overdue, and the weekly overdue reminders on Wednesdays at 09:00: two
    reminders (Bren's, and the chair's digest) fall due on Wednesday 2 December 2026 at 09:00."""
    load_yaml(engine, OVERDUE, settings.tz)
    with transaction(engine) as session:
        forum = session.exec(select(Board)).one()
        change(session, "test", forum, {"settings": {"reminders": {"hour": "09:00", "digest_weekday": "wednesday"}}})


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _serve_at(tmp_path, slack, start: datetime, speed: float) -> tuple[subprocess.Popen, int]:
    """`forum serve` whose sweeps believe it is `start` (then `speed` times faster than real time)."""
    environment = serve_environment(
        tmp_path,
        slack,
        FORUM_REMINDER_TICK_SECONDS="0.3",
        TEST_CLOCK_START=start.isoformat(),
        TEST_CLOCK_SPEED=str(speed),
    )
    program = [sys.executable, str(ROOT / "tests" / "reminders" / "serve_at.py")]
    server, url = start_serve(tmp_path, environment, program, wait=False)
    return server, int(url.rsplit(":", 1)[1])


def _engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    upgrade(engine)
    return engine


def test_forum_serve_sends_due_reminders_by_itself_once(tmp_path):
    slack = RecordingSlack().start()
    engine = _engine(tmp_path)
    settings = settings_for(engine)
    _due_on_wednesday(engine, settings)
    server, port = _serve_at(tmp_path, slack, datetime(2026, 12, 2, 9, 5, tzinfo=UTC), 1)
    try:
        assert _wait_for(lambda: len(slack.accepted) >= 2), server.stderr
        ticks_later = time.monotonic() + 1.5  # five more ticks
        _wait_for(lambda: time.monotonic() > ticks_later, 5)
        assert sorted(post.channel for post in slack.accepted) == ["D0BREN001", "D0HAZEL01"]
        assert get(f"http://127.0.0.1:{port}/healthz").status == 200  # and it still serves Slack
        with read_only(engine) as session:
            assert sorted(row.kind for row in session.exec(select(Delivery)).all()) == [
                "actions_overdue",
                "overdue_digest",
            ]
    finally:
        server.terminate()
        server.communicate(timeout=10)
        slack.stop()
        engine.dispose()


def _all_sent(engine, count: int) -> bool:
    with read_only(engine) as session:
        rows = session.exec(select(Delivery)).all()
        return len(rows) == count and all(row.status == "sent" for row in rows)


def test_forum_serve_started_at_0040_sends_its_catch_up_at_the_working_hour(tmp_path):
    """Down from Tuesday evening, started on Thursday 3 December at 00:40: Wednesday's 09:00
    reminders are 15 hours late, within the grace period, and wait for 09:00 — the clock runs an
    hour a second here, so the morning comes in about eight seconds."""
    slack = RecordingSlack().start()
    engine = _engine(tmp_path)
    settings = settings_for(engine)
    _due_on_wednesday(engine, settings)
    with transaction(engine) as session:
        deliveries.mark_swept(session, datetime(2026, 12, 1, 18, tzinfo=UTC))
    server, port = _serve_at(tmp_path, slack, datetime(2026, 12, 3, 0, 40, tzinfo=UTC), 3600)
    try:
        assert _wait_for(lambda: len(slack.accepted) >= 2, 30), server.stderr
        assert _wait_for(lambda: _all_sent(engine, 2), 10), server.stderr  # Slack took them; now recorded
        with read_only(engine) as session:
            rows = session.exec(select(Delivery)).all()
            assert sorted(row.kind for row in rows) == ["actions_overdue", "overdue_digest"]
            for row in rows:
                assert row.status == "sent"
                assert row.claimed_at < datetime(2026, 12, 3, 8, tzinfo=UTC)  # seen in the night …
                assert row.finished_at >= datetime(2026, 12, 3, 9, tzinfo=UTC)  # … sent at 09:00, not before
                # … and that morning: a real second is an hour here, so a busy machine's pause of a
                # second or two shows as an hour or two late.
                assert row.finished_at < datetime(2026, 12, 3, 12, tzinfo=UTC)
    finally:
        server.terminate()
        server.communicate(timeout=10)
        slack.stop()
        engine.dispose()


def test_a_process_with_reminders_off_starts_no_scheduler(sqlite_engine, monkeypatch):
    # The sweeps' clock on Wednesday 2 December 2026 at 09:05, whenever the test runs.
    monkeypatch.setattr(sweep_module, "utcnow", lambda: datetime(2026, 12, 2, 9, 5, tzinfo=UTC))
    slack = RecordingSlack().start()
    try:
        settings = settings_for(sqlite_engine, FORUM_REMINDERS="false")
        _due_on_wednesday(sqlite_engine, settings)
        assert start_scheduler(sqlite_engine, settings, poster_for(slack)) is None
        on = settings_for(sqlite_engine, FORUM_REMINDER_TICK_SECONDS="0.2")
        scheduler = start_scheduler(sqlite_engine, on, poster_for(slack), first_run=utcnow())
        try:
            assert _wait_for(lambda: len(slack.accepted) == 2, 10)
        finally:
            scheduler.shutdown()
    finally:
        slack.stop()
