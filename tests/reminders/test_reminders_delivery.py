"""Posting reminders through the stand-in Slack: rate limits, server errors, timeouts, errors that
trying again cannot fix, pacing, DMs — and how officers see what could not be delivered."""

from __future__ import annotations

import os
import socket
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from click.testing import CliRunner
from slack_sdk import WebClient
from sqlmodel import select

from bot.delivery import SlackPoster
from cli.main import cli
from commands.reminder_engine.sweep import sweep
from storage import deliveries
from storage.db import read_only, transaction
from storage.tables import Delivery, DeliveryAttempt, Meeting
from storage.types import utcnow
from storage.writes import change
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.bot_server import settings_for
from tests.support.clock import utc
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.reminder_world import InstantClock, RecordingSlack, poster_for
from tests.support.slack_requests import post, signed_headers, slash_command_body

BLOCKS = [{"type": "section", "text": {"type": "mrkdwn", "text": "Reminder"}}]
ERROR_500 = (500, {"ok": False, "error": "internal_error"}, {})


@pytest.fixture
def slack_api():
    slack = RecordingSlack().start()
    yield slack
    slack.stop()


def test_rate_limited_then_failing_then_recovering(slack_api):
    slack_api.scripted["chat.postMessage"] = [
        (429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "7"}),
        ERROR_500,
        (503, {"ok": False, "error": "service_unavailable"}, {}),
    ]
    clock = InstantClock()
    posted = poster_for(slack_api, clock).post("C0FORUM01", "Reminder", BLOCKS)
    assert posted.outcome == "sent" and posted.channel == "C0FORUM01" and posted.ts
    assert [(a.result, a.http_status) for a in posted.attempts] == [
        ("ratelimited", 429),
        ("server_error", 500),
        ("server_error", 503),
        ("sent", 200),
    ]
    assert clock.sleeps == [7.0, 2.0, 4.0]  # Retry-After as Slack said, then backing off
    assert len(slack_api.calls_to("chat.postMessage")) == 4 and len(slack_api.accepted) == 1


def test_a_long_retry_after_is_left_to_a_later_sweep(slack_api):
    slack_api.scripted["chat.postMessage"] = [(429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "600"})]
    clock = InstantClock()
    posted = poster_for(slack_api, clock).post("C0FORUM01", "Reminder", BLOCKS)
    assert posted.outcome == "retry" and clock.sleeps == [] and "600" in posted.error


@pytest.mark.parametrize(
    "method, error, target",
    [
        ("chat.postMessage", "channel_not_found", "C0GONE0001"),
        ("chat.postMessage", "not_in_channel", "C0FORUM01"),
        ("conversations.open", "user_not_found", "U0GONE0001"),
        ("chat.postMessage", "is_archived", "C0FORUM01"),
    ],
)
def test_errors_trying_again_cannot_fix_are_given_up_at_once(slack_api, method, error, target):
    slack_api.scripted[method] = [(200, {"ok": False, "error": error}, {})]
    clock = InstantClock()
    posted = poster_for(slack_api, clock).post(target, "Reminder", BLOCKS)
    assert (posted.outcome, posted.error) == ("failed", f"{method}: {error}")
    assert len(slack_api.calls_to(method)) == 1 and clock.sleeps == [] and slack_api.accepted == []


def test_a_revoked_token_holds_reminders_back_instead_of_failing_them(slack_api):
    slack_api.scripted["chat.postMessage"] = [(200, {"ok": False, "error": "token_revoked"}, {})]
    clock = InstantClock()
    posted = poster_for(slack_api, clock).post("C0FORUM01", "Reminder", BLOCKS)
    assert (posted.outcome, clock.sleeps) == ("retry", [])
    assert "token_revoked (the bot's token or permissions)" in posted.error


def test_timeouts_are_retried_with_backoff_then_left_for_later():
    silent = socket.socket()  # accepts connections and never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        clock = InstantClock()
        client = WebClient(
            token="xoxb-test-token", base_url=f"http://127.0.0.1:{silent.getsockname()[1]}/api/", timeout=0.2
        )
        posted = SlackPoster(client, sleep=clock.sleep, clock=clock.monotonic).post("C0FORUM01", "Reminder", BLOCKS)
    finally:
        silent.close()
    assert posted.outcome == "retry"
    assert [a.result for a in posted.attempts] == ["timeout"] * 4 and clock.sleeps == [1.0, 2.0, 4.0]


def test_posts_to_one_channel_are_paced_and_a_dm_is_opened_once(slack_api):
    clock = InstantClock()
    poster = poster_for(slack_api, clock)
    for target in ("C0FORUM01", "C0FORUM01", "C0SAFER01", "U0BREN001", "U0BREN001", "C0FORUM01"):
        assert poster.post(target, "Reminder", BLOCKS).outcome == "sent"
    # One second between posts to a channel (no sleep needed once a second has passed anyway).
    assert clock.sleeps == [1.0, 1.0]
    assert [p.channel for p in slack_api.accepted] == [
        "C0FORUM01",
        "C0FORUM01",
        "C0SAFER01",
        "D0BREN001",
        "D0BREN001",
        "C0FORUM01",
    ]
    assert [c.args["users"] for c in slack_api.calls_to("conversations.open")] == ["U0BREN001"]


# --- through the sweep: what the delivery log keeps, and retries across sweeps -----------------

TODAY = date(2027, 3, 1)  # a Monday: the meeting on Thursday 4th, its reminders from this Thursday back


@pytest.fixture
def partnership(engine, slack_api):
    settings = settings_for(engine, SLACK_API_URL=slack_api.api_url)
    load_yaml(engine, upcoming_yaml(TODAY), settings.tz)
    return engine, settings, slack_api


def test_slack_down_at_nine_the_reminder_goes_at_the_first_sweep_after_its_retry_time(partnership):
    engine, settings, slack = partnership
    slack.scripted["chat.postMessage"] = [ERROR_500] * 4
    poster = poster_for(slack)
    # Forum meeting on Thursday 11 March (TODAY + 10): the day-before reminder is Wednesday 10th at 09:00.
    wednesday = utc(2027, 3, 10, 9)
    first = sweep(engine, settings, poster, now=wednesday)
    assert [line["kind"] for line in first.retrying] == ["agenda_day"] and slack.accepted == []
    soon = sweep(engine, settings, poster, now=wednesday + timedelta(minutes=1))
    assert (soon.sent, soon.retrying, len(slack.calls_to("chat.postMessage"))) == ([], [], 4)
    later = sweep(engine, settings, poster, now=wednesday + timedelta(minutes=6))
    assert [line["kind"] for line in later.sent] == ["agenda_day"]
    assert [p.channel for p in slack.accepted] == ["C0FORUM01"]
    with read_only(engine) as session:
        row = session.exec(select(Delivery).where(Delivery.kind == "agenda_day")).one()
        attempts = session.exec(
            select(DeliveryAttempt).where(DeliveryAttempt.delivery_id == row.id).order_by(DeliveryAttempt.id)
        ).all()
        assert (row.status, row.attempts, row.message_ts, row.channel) == (
            "sent",
            9,
            attempts[-1].message_ts,
            "C0FORUM01",
        )
        # A 500 may hide a post Slack made anyway: the channel is searched before each try after one.
        later_at = wednesday + timedelta(minutes=6)
        assert [(a.result, a.at) for a in attempts] == [("server_error", wednesday)] + [
            ("checked", wednesday),
            ("server_error", wednesday),
        ] * 3 + [("checked", later_at), ("sent", later_at)]


def test_a_channel_the_bot_is_not_in_is_recorded_once_and_not_retried(partnership):
    engine, settings, slack = partnership
    slack.scripted["chat.postMessage"] = [(200, {"ok": False, "error": "not_in_channel"}, {})]
    wednesday = utc(2027, 3, 10, 9)
    report = sweep(engine, settings, poster_for(slack), now=wednesday)
    assert [(line["kind"], line["error"]) for line in report.failed] == [
        ("agenda_day", "chat.postMessage: not_in_channel")
    ]
    for minutes in (1, 10, 60, 600):
        sweep(engine, settings, poster_for(slack), now=wednesday + timedelta(minutes=minutes))
    assert len(slack.calls_to("chat.postMessage")) == 1
    with read_only(engine) as session:
        row = session.exec(select(Delivery)).one()
        assert (row.status, row.error, row.attempts) == ("failed", "chat.postMessage: not_in_channel", 1)


def test_reminders_older_than_the_grace_period_are_skipped_and_recorded(partnership):
    engine, settings, slack = partnership
    poster = poster_for(slack)
    sweep(engine, settings, poster, now=utc(2027, 3, 1, 8))  # Monday 1 March, before any reminder
    # Down until Wednesday 10 March 20:00: Thursday 4th's agenda (09:00) is days late, skipped;
    # Monday 8th's presenters' DMs are skipped; Wednesday 10th's 09:00 reminder is 11 hours late,
    # and 20:00 is after working hours: it waits for 09:00 on Thursday (the meeting is at 14:00).
    report = sweep(engine, settings, poster, now=utc(2027, 3, 10, 20))
    assert report.sent == [] and slack.accepted == []
    for hour in (21, 23):  # the night's sweeps leave it waiting
        assert sweep(engine, settings, poster, now=utc(2027, 3, 10, hour)).sent == []
    assert sweep(engine, settings, poster, now=utc(2027, 3, 11, 8, 59)).sent == []
    morning = sweep(engine, settings, poster, now=utc(2027, 3, 11, 9))
    assert [line["kind"] for line in morning.sent] == ["agenda_day"]
    assert sorted((line["kind"], line["recipient"]) for line in report.skipped) == [
        ("agenda_day", "Stronger and Safer Communities Board channel"),  # Safer met Saturday 6th
        ("agenda_week", "Luton Forum channel"),
        ("presenter", "Bren McGowan"),
        ("presenter", "Dave Kempson"),
    ]
    assert all("hours late" in line["error"] for line in report.skipped)
    assert [p.channel for p in slack.accepted] == ["C0FORUM01"]


def test_a_grace_period_of_two_hours_skips_what_is_later_than_that(engine, slack_api):
    settings = settings_for(engine, SLACK_API_URL=slack_api.api_url, FORUM_REMINDER_GRACE_HOURS="2")
    load_yaml(engine, upcoming_yaml(TODAY), settings.tz)
    poster = poster_for(slack_api)
    sweep(engine, settings, poster, now=utc(2027, 3, 10, 8))
    report = sweep(engine, settings, poster, now=utc(2027, 3, 10, 12))  # down from 08:00 to 12:00
    assert report.sent == [] and [line["kind"] for line in report.skipped] == ["agenda_day"]
    assert report.skipped[0]["error"] == "3 hours late: the bot was not running when it fell due"


def test_a_person_without_slack_is_recorded_not_posted(engine, slack_api):
    settings = settings_for(engine, SLACK_API_URL=slack_api.api_url)
    load_yaml(engine, upcoming_yaml(TODAY).replace(", slack_user: U0DAVEK01", ""), settings.tz)
    report = sweep(engine, settings, poster_for(slack_api), now=utc(2027, 3, 8, 9))  # presenters' Monday
    assert [line["recipient"] for line in report.sent] == ["Bren McGowan"]
    assert [line["error"] for line in report.failed] == ["no_slack_user: Dave Kempson has no Slack account linked"]
    assert [p.channel for p in slack_api.accepted] == ["D0BREN001"]


# --- officers: /forum reminders over HTTP, and the operator's forum jobs --------------------------


def _forum(bot, text: str, user: str):
    body = slash_command_body(text, user_id=user)
    return post(f"{bot.url}/slack/events", body, signed_headers(body))


def test_officers_see_what_will_be_sent_and_what_failed(engine, bot_factory):
    today = utcnow().astimezone(settings_for(engine).tz).date()
    load_yaml(engine, upcoming_yaml(today), settings_for(engine).tz)
    with transaction(engine) as session:
        failed = deliveries.claim(
            session,
            kind="agenda_day",
            target="C0SAFER01",
            occasion="meeting:99:x",
            recipient="Stronger and Safer Communities Board channel",
            summary="Meeting reminder: Safer <board> & co",
            due_at=utcnow(),
            now=utcnow(),
            worker="test",
        )
        deliveries.finish(session, failed, status="failed", now=utcnow(), error="chat.postMessage: not_in_channel")
    bot = bot_factory(engine)
    answer = _forum(bot, "reminders", "U0BREN001")
    assert answer.status == 200
    blocks = answer.json()["blocks"]
    assert_valid_blocks(blocks)
    text = visible_text(blocks)
    meeting_day = today + timedelta(days=10)
    assert "Reminders: the next 14 days" in text
    assert f"Agenda reminder: Luton Forum, {meeting_day:%A} {meeting_day.day} {meeting_day:%B %Y}" in text
    assert "Presenter's reminder to Dave Kempson: item 7 at Luton Forum" in text
    assert "Not delivered in the last two weeks" in text and "not_in_channel" in text
    assert "Safer &lt;board&gt; &amp; co" in text  # what people typed is escaped

    refused = _forum(bot, "reminders", "U0DAVEK01")
    assert "Only officers and admins can see the reminder schedule" in visible_text(refused.json()["blocks"])
    bad = _forum(bot, "reminders soon", "U0BREN001")
    assert "is not a number of days from 1 to 90" in visible_text(bad.json()["blocks"])


def forum(tmp_path, *args: str, env: dict | None = None, db: str):
    """`forum ARGS` run in this process (the CLI tests run it as a subprocess; this is quicker)."""
    environment = {key: None for key in os.environ if key.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update({"DATABASE_URL": db, **(env or {})})
    result = CliRunner().invoke(cli, list(args), env=environment, catch_exceptions=False)
    return SimpleNamespace(returncode=result.exit_code, stdout=result.stdout, stderr=result.stderr)


def test_the_operators_jobs_commands(engine, tmp_path, slack_api, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env from anywhere else
    url = engine.url.render_as_string(hide_password=False)
    load_yaml(engine, upcoming_yaml(TODAY), settings_for(engine).tz)
    env = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_API_URL": slack_api.api_url}
    preview = forum(tmp_path, "jobs", "preview", "--days", "14", "--now", "2027-03-01T08:00", db=url)
    assert preview.returncode == 0, preview.stderr
    assert "Thursday 4 March 2027\n  9:00 am GMT  agenda, a week before → Luton Forum channel" in preview.stdout
    assert "Monday 8 March 2027\n  9:00 am GMT  presenter's reminder → Bren McGowan" in preview.stdout

    run = forum(tmp_path, "jobs", "run-due", "--now", "2027-03-04T09:00", env=env, db=url)
    assert run.returncode == 0, run.stderr
    assert "Sent (1):" in run.stdout and "agenda, a week before → Luton Forum channel" in run.stdout
    assert [p.channel for p in slack_api.accepted] == ["C0FORUM01"]
    again = forum(tmp_path, "jobs", "run-due", "--now", "2027-03-04T09:00+00:00", env=env, db=url)
    assert "Nothing new to send." in again.stdout and len(slack_api.accepted) == 1

    log = forum(tmp_path, "jobs", "log", db=url)
    assert log.returncode == 0 and "SENT  agenda, a week before → Luton Forum channel (C0FORUM01)" in log.stdout
    assert "attempt 1: Thursday 4 March 2027 9:00 am sent (HTTP 200) ts 1900000001.000100" in log.stdout
    assert "No failed deliveries." in forum(tmp_path, "jobs", "log", "--failed", db=url).stdout

    for bad in ("tomorrow", "2027-03-28T01:30"):  # not a time; a time the clocks skip
        refused = forum(tmp_path, "jobs", "run-due", "--now", bad, env=env, db=url)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "does not exist in Europe/London" in refused.stderr
    no_token = forum(tmp_path, "jobs", "run-due", db=url)
    assert no_token.returncode == 1 and "SLACK_BOT_TOKEN is not set" in no_token.stderr


def test_what_people_typed_cannot_ping_a_channel_or_forge_a_link(engine, slack_api):
    settings = settings_for(engine, SLACK_API_URL=slack_api.api_url)
    load_yaml(
        engine,
        upcoming_yaml(TODAY)
        + """
consultations:
  - {title: "Plan <!channel> & <https://evil.example|the real form>", closes: 2027-03-18, owner: Bren McGowan, board: forum}
""",
        settings.tz,
    )
    sweep(engine, settings, poster_for(slack_api), now=utc(2027, 3, 4, 9))  # 14 days before
    posts = [p for p in slack_api.accepted if "Plan" in p.text]
    assert [p.channel for p in posts] == ["D0BREN001", "C0FORUM01"]
    for sent in posts:
        shown = sent.text + visible_text(sent.blocks)
        assert "<!channel>" not in shown and "<https://evil" not in shown
        assert "Plan &lt;!channel&gt; &amp; &lt;https://evil.example|the real form&gt;" in sent.text
        assert "Plan &lt;!channel&gt; &amp; &lt;https://evil.example|the real form&gt;" in visible_text(sent.blocks)


def test_a_reminder_waiting_for_slack_is_dropped_if_the_meeting_is_cancelled_meanwhile(partnership):
    engine, settings, slack = partnership
    slack.scripted["chat.postMessage"] = [ERROR_500] * 4
    wednesday = utc(2027, 3, 10, 9)
    assert [line["kind"] for line in sweep(engine, settings, poster_for(slack), now=wednesday).retrying] == [
        "agenda_day"
    ]
    with transaction(engine) as session:
        meeting = session.exec(select(Meeting).where(Meeting.starts_at == utc(2027, 3, 11, 14))).one()
        change(session, "U0BREN001", meeting, {"status": "cancelled", "status_reason": "Not quorate"})
    later = sweep(engine, settings, poster_for(slack), now=wednesday + timedelta(minutes=6))
    assert later.sent == [] and slack.accepted == [] and len(slack.calls_to("chat.postMessage")) == 4
    with read_only(engine) as session:
        row = session.exec(select(Delivery)).one()
        assert (row.status, row.error) == ("skipped", "no longer due (cancelled, moved, submitted or closed)")
