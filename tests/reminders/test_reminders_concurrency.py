"""Exactly once, whatever happens: bot processes sweeping one database at the same moment, and a
sweep killed in the middle of a post and started again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

from sqlmodel import select

from commands.reminder_engine.sweep import sweep
from storage.db import make_engine, read_only
from storage.tables import Delivery, DeliveryAttempt
from tests.support.bot_server import settings_for
from tests.support.clock import utc
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import RecordingSlack, poster_for

ROOT = Path(__file__).resolve().parents[2]
OWNERS = [f"U0OWNER{n:02d}" for n in range(12)]


def busy_morning() -> str:
    """Thursday 4 March 2027, 09:00: twelve actions due today, each with its own owner, and the
    Forum meeting tomorrow — thirteen reminders due at the same moment."""
    people = "\n".join(f"  - {{name: Owner Number{n:02d}, slack_user: {user}}}" for n, user in enumerate(OWNERS))
    actions = "\n".join(
        f"  - {{description: Task {n:02d}, owner: Owner Number{n:02d}, due: 2027-03-04}}" for n in range(len(OWNERS))
    )
    return f"""
people:
{people}
boards:
  - {{name: Luton Forum, slug: forum, kind: forum, channel: C0FORUM01}}
meetings:
  - {{board: forum, starts: 2027-03-05 14:00, venue: Hat Factory}}
actions:
{actions}
"""


EXPECTED = sorted(["C0FORUM01", *("D" + user[1:] for user in OWNERS)])
MORNING = utc(2027, 3, 4, 9)


def _posted_channels(slack: RecordingSlack) -> list[str]:
    return sorted(post.channel for post in slack.accepted)


def test_four_bot_processes_sharing_one_database_send_each_reminder_once(engine):
    """Four sweepers, each with its own engine (its own connection pool, as separate processes
    have), start together at the same moment on the same database."""
    slack = RecordingSlack().start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        url = engine.url.render_as_string(hide_password=False)
        start = threading.Barrier(4)
        errors: list[BaseException] = []

        def bot(number: int) -> None:
            own = make_engine(url)
            try:
                start.wait()
                sweep(own, settings, poster_for(slack), now=MORNING, worker=f"bot-{number}")
            except BaseException as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                own.dispose()

        threads = [threading.Thread(target=bot, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == []
        assert _posted_channels(slack) == EXPECTED
        with read_only(engine) as session:
            rows = session.exec(select(Delivery)).all()
            assert Counter(row.status for row in rows) == {"sent": len(EXPECTED)}
            assert len({(row.kind, row.target, row.occasion) for row in rows}) == len(EXPECTED)
    finally:
        slack.stop()


def _forum(tmp_path: Path, url: str, slack: RecordingSlack, *args: str) -> subprocess.Popen:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update(
        {
            "DATABASE_URL": url,
            "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": slack.api_url,
            "FORUM_TIMEZONE": "Europe/London",
        }
    )
    return subprocess.Popen(
        [sys.executable, "-m", "app", *args],
        cwd=tmp_path,
        env=environment,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_two_real_processes_running_due_jobs_at_once(engine, tmp_path):
    slack = RecordingSlack()
    slack.delay = 0.02  # each post takes a moment, so the two processes' sweeps overlap
    slack.start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        url = engine.url.render_as_string(hide_password=False)
        runs = [_forum(tmp_path, url, slack, "jobs", "run-due", "--now", "2027-03-04T09:00") for _ in range(2)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        assert _posted_channels(slack) == EXPECTED
        sent = [line for out, _ in outputs for line in out.splitlines() if "→" in line]
        assert len(sent) == len(EXPECTED)  # between them the two reports name each reminder once
    finally:
        slack.stop()


def test_a_sweep_killed_mid_post_is_finished_by_the_next_one(engine, tmp_path):
    slack = RecordingSlack()
    slack.start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        url = engine.url.render_as_string(hide_password=False)
        slack.hold_after = 4  # the fifth post hangs: the process is killed while it waits for Slack
        run = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", "2027-03-04T09:00")
        assert slack.held.wait(60), run.communicate(timeout=5)
        run.send_signal(signal.SIGKILL)
        run.wait(30)
        slack.release()  # Slack never accepted the hung post
        assert len(slack.accepted) == 4

        # Restarted at once: the rest go; the interrupted one is still held by the dead sweep's lease.
        again = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", "2027-03-04T09:01")
        out, err = again.communicate(timeout=120)
        assert again.returncode == 0, err
        assert len(slack.accepted) == len(EXPECTED) - 1
        with read_only(engine) as session:
            stuck = session.exec(select(Delivery.id).where(Delivery.status == "sending")).one()

        # Ten minutes on, its lease has run out: the next sweep sends it, and says so in the log.
        later = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", "2027-03-04T09:12")
        out, err = later.communicate(timeout=120)
        assert later.returncode == 0, err
        assert _posted_channels(slack) == EXPECTED
        with read_only(engine) as session:
            rows = session.exec(select(Delivery)).all()
            assert Counter(row.status for row in rows) == {"sent": len(EXPECTED)}
            attempts = session.exec(
                select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == stuck).order_by(DeliveryAttempt.id)
            ).all()
            # the killed process recorded nothing; the new one notes the interruption, opens the DM,
            # searches it for the post (Slack never took it), and posts
            assert [a.result for a in attempts] == ["interrupted", "ok", "checked", "sent"]

        log = _forum(tmp_path, url, slack, "jobs", "log")
        out, err = log.communicate(timeout=120)
        assert log.returncode == 0, err
        assert "interrupted" in out and out.count("SENT") == len(EXPECTED)
    finally:
        slack.stop()


def test_the_same_sweep_twice_sends_nothing_new(engine):
    slack = RecordingSlack().start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        poster = poster_for(slack)
        first = sweep(engine, settings, poster, now=MORNING)
        calls = len(slack.calls)
        second = sweep(engine, settings, poster_for(slack), now=MORNING)  # and from a restarted bot
        assert len(first.sent) == len(EXPECTED)
        assert (second.sent, second.failed, second.skipped, len(slack.calls)) == ([], [], [], calls)
        assert _posted_channels(slack) == EXPECTED
    finally:
        slack.stop()
