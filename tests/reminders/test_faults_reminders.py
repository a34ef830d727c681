"""Reminders exactly once when the bot never hears Slack's answer: a post Slack took but whose
answer timed out, a sweep killed after Slack took a post, and sweeps killed at random moments,
many times. Each post carries its delivery's key in its metadata; before posting again after such
a failure the bot searches the channel for it (conversations.history, on the stand-in Slack)."""

from __future__ import annotations

import os
import random
import signal
import time
from collections import Counter
from datetime import timedelta

from slack_sdk import WebClient
from sqlmodel import select

from bot.delivery import SlackPoster
from storage.db import read_only
from storage.tables import Delivery, DeliveryAttempt
from tests.reminders.test_reminders_concurrency import EXPECTED, MORNING, _forum, _posted_channels, busy_morning
from tests.support.bot_server import settings_for
from tests.support.partnerships import load_yaml
from tests.support.reminder_world import InstantClock, RecordingSlack

LONG = os.environ.get("FORUM_LONG_TESTS") == "1"


def _attempts(engine) -> dict[int, list[str]]:
    with read_only(engine) as session:
        found: dict[int, list[str]] = {}
        for attempt in session.exec(select(DeliveryAttempt).order_by(DeliveryAttempt.id)).all():
            found.setdefault(attempt.delivery_id, []).append(attempt.result)
        return found


def _statuses(engine) -> Counter:
    with read_only(engine) as session:
        return Counter(row.status for row in session.exec(select(Delivery)).all())


def test_a_post_slack_took_but_never_answered_is_not_posted_again():
    slack = RecordingSlack().start()
    try:
        slack.swallow_after = 0  # the first post is taken; its answer never comes
        clock = InstantClock()
        poster = SlackPoster(
            WebClient(token="xoxb-test-token", base_url=slack.api_url, timeout=1),
            sleep=clock.sleep,
            clock=clock.monotonic,
        )
        posted = poster.post("C0FORUM01", "Luton Forum meets tomorrow", [], key="agenda_day|C0FORUM01|meeting:1")
        assert posted.outcome == "sent" and posted.channel == "C0FORUM01"
        assert [a.result for a in posted.attempts] == ["timeout", "found"]
        assert len(slack.accepted) == 1 and len(slack.calls_to("chat.postMessage")) == 1
        # a post without a key (nothing to search by) is simply tried again
        slack.swallow_after = 1
        slack._released.clear()
        again = poster.post("C0SAFER01", "Safer board meets tomorrow", [])
        assert again.outcome == "sent" and [a.result for a in again.attempts] == ["timeout", "sent"]
    finally:
        slack.release()
        slack.stop()


def test_a_search_slack_refuses_means_posting_again_rather_than_never():
    slack = RecordingSlack().start()
    try:
        slack.scripted["chat.postMessage"] = [(500, {"ok": False, "error": "internal_error"}, {})]
        slack.scripted["conversations.history"] = [(200, {"ok": False, "error": "missing_scope"}, {})]
        clock = InstantClock()
        poster = SlackPoster(
            WebClient(token="xoxb-test-token", base_url=slack.api_url, timeout=5),
            sleep=clock.sleep,
            clock=clock.monotonic,
        )
        posted = poster.post("C0FORUM01", "Reminder", [], key="k")
        assert posted.outcome == "sent" and [a.result for a in posted.attempts] == ["server_error", "unchecked", "sent"]
        assert "missing_scope" in posted.attempts[1].error
    finally:
        slack.stop()


def test_a_sweep_killed_after_slack_took_a_post_does_not_send_it_twice(engine, tmp_path):
    slack = RecordingSlack().start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        url = engine.url.render_as_string(hide_password=False)
        slack.swallow_after = 4  # Slack takes the fifth post; the sweep is killed before it hears so
        run = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", MORNING.isoformat())
        assert slack.held.wait(60), run.communicate(timeout=5)
        run.send_signal(signal.SIGKILL)
        run.wait(30)
        slack.release()
        assert len(slack.accepted) == 5
        for minutes in (1, 12):  # at once (the taken one still leased), then when its lease has run out
            again = _forum(
                tmp_path, url, slack, "jobs", "run-due", "--now", (MORNING + timedelta(minutes=minutes)).isoformat()
            )
            out, err = again.communicate(timeout=120)
            assert again.returncode == 0, err
        assert _posted_channels(slack) == EXPECTED  # each once
        assert _statuses(engine) == {"sent": len(EXPECTED)}
        recovered = [results for results in _attempts(engine).values() if "interrupted" in results]
        assert len(recovered) == 1 and recovered[0][-1] == "found"
    finally:
        slack.stop()


def test_sweeps_killed_at_random_moments_send_every_reminder_exactly_once(engine, tmp_path):
    seed = int(os.environ.get("FORUM_FAULT_SEED") or time.time())
    print(f"random kills: FORUM_FAULT_SEED={seed}")
    rng = random.Random(seed)
    slack = RecordingSlack().start()
    try:
        settings = settings_for(engine, SLACK_API_URL=slack.api_url)
        load_yaml(engine, busy_morning(), settings.tz)
        url = engine.url.render_as_string(hide_password=False)
        slack.answer_delay = 0.05  # each post is taken, then answered a moment later: kills land in between too
        # How long one whole run takes here, so the kills fall across it: start-up, claims, posts.
        began = time.monotonic()
        probe = _forum(tmp_path, url, slack, "jobs", "preview")
        probe.communicate(timeout=120)
        span = (time.monotonic() - began) + len(EXPECTED) * slack.answer_delay * 1.5
        kills = 40 if LONG else 6
        now = MORNING
        for _ in range(kills):
            run = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", now.isoformat())
            time.sleep(rng.uniform(0, span))
            run.send_signal(signal.SIGKILL)
            run.communicate(timeout=30)
            now += timedelta(minutes=11)  # leases (10 minutes) of anything the kill left run out
        last = _forum(tmp_path, url, slack, "jobs", "run-due", "--now", now.isoformat())
        out, err = last.communicate(timeout=120)
        assert last.returncode == 0, err
        assert _posted_channels(slack) == EXPECTED, f"seed {seed}"  # none lost, none twice
        assert _statuses(engine) == {"sent": len(EXPECTED)}, f"seed {seed}"
    finally:
        slack.stop()
