"""The scheduler in the running bot: `forum serve` sweeps on its own, and sends each reminder once
however many ticks pass."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from sqlmodel import select

from bot.scheduler import start_scheduler
from storage.db import make_engine, read_only, transaction, upgrade
from storage.tables import Board, Delivery
from storage.types import utcnow
from storage.writes import change
from tests.cli.test_cli import _free_port
from tests.support.bot_server import settings_for
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import RecordingSlack, poster_for
from tests.support.slack_requests import SIGNING_SECRET, get

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


def _due_today(engine, settings) -> None:
    """An action long overdue, and the weekly overdue reminders set for today at midnight, so that
    whenever the test runs, two reminders (Bren's, and the chair's digest) are due now."""
    load_yaml(engine, OVERDUE, settings.tz)
    today = WEEKDAYS[utcnow().astimezone(settings.tz).weekday()]
    with transaction(engine) as session:
        forum = session.exec(select(Board)).one()
        change(session, "test", forum, {"settings": {"reminders": {"hour": "00:00", "digest_weekday": today}}})


def _wait_for(condition, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_forum_serve_sends_due_reminders_by_itself_once(tmp_path):
    slack = RecordingSlack().start()
    url = f"sqlite:///{tmp_path / 'forum.db'}"
    engine = make_engine(url)
    upgrade(engine)
    # A weekend "today" moves to Friday: up to 3 days back, so a grace period to match.
    settings = settings_for(engine, FORUM_REMINDER_GRACE_HOURS="100")
    _due_today(engine, settings)
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update(
        {
            "DATABASE_URL": url,
            "PYTHONPATH": str(ROOT),
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": slack.api_url,
            "FORUM_REMINDER_TICK_SECONDS": "0.3",
            "FORUM_REMINDER_GRACE_HOURS": "100",
        }
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve", "--port", str(port), "--host", "127.0.0.1"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
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


def test_a_process_with_reminders_off_starts_no_scheduler(sqlite_engine):
    slack = RecordingSlack().start()
    try:
        settings = settings_for(sqlite_engine, FORUM_REMINDERS="false", FORUM_REMINDER_GRACE_HOURS="100")
        _due_today(sqlite_engine, settings)
        assert start_scheduler(sqlite_engine, settings, poster_for(slack)) is None
        on = settings_for(sqlite_engine, FORUM_REMINDER_TICK_SECONDS="0.2", FORUM_REMINDER_GRACE_HOURS="100")
        scheduler = start_scheduler(sqlite_engine, on, poster_for(slack), first_run=utcnow())
        try:
            assert _wait_for(lambda: len(slack.accepted) == 2, 10)
        finally:
            scheduler.shutdown()
    finally:
        slack.stop()
