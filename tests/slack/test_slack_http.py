"""The real bolt app over HTTP: signed Slack requests in, Block Kit out, Web API calls to the stand-in."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from storage.db import make_engine
from storage.types import utcnow
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.clock import LONDON
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.slack_requests import get, post, signed_headers, slash_command_body


@pytest.fixture
def partnership(engine):
    today = utcnow().astimezone(LONDON).date()
    load_yaml(engine, upcoming_yaml(today), LONDON)
    return engine, today


def forum(bot, text: str, **kwargs):
    body = slash_command_body(text, **kwargs)
    return post(bot.url + "/slack/events", body, signed_headers(body))


def test_signed_next_meeting_answers_with_date_time_venue_and_agenda(partnership, bot_factory, slack):
    engine, today = partnership
    bot = bot_factory(engine)
    answer = forum(bot, "next-meeting")
    assert answer.status == 200
    reply = answer.json()
    assert reply["response_type"] == "ephemeral"
    assert_valid_blocks(reply["blocks"])
    text = visible_text(reply["blocks"])
    day = today + timedelta(days=10)
    assert f"{day:%A} {day.day} {day:%B %Y}" in text and "2:00 pm" in text
    assert "Central Library, St George's Square, Luton LU1 2NG" in text
    for item in (
        "1. Introductions and Apologies",
        "6. Sustainable Community Strategy priorities",
        "7. Luton Borough Council – Budget",
    ):
        assert item in text
    assert "Next meeting: Luton Forum" in text
    assert "Sustainable Community Strategy priorities" in reply["text"]  # the notification fallback


def test_the_channel_decides_the_board(partnership, bot_factory):
    engine, _ = partnership
    text = visible_text(forum(bot_factory(engine), "next-meeting", channel_id="C0SAFER01").json()["blocks"])
    assert "Stronger and Safer Communities Board" in text and "Police HQ, Buxton Road, Luton" in text


def test_the_bot_checks_its_token_with_the_stand_in_slack(sqlite_engine, bot_factory, slack):
    bot_factory(sqlite_engine)
    calls = slack.calls_to("auth.test")
    assert len(calls) == 1
    assert calls[0].headers.get("Authorization") == "Bearer xoxb-test-token"


@pytest.mark.parametrize("tamper", ["forged", "missing", "stale", "wrong_secret", "body_changed"])
def test_requests_not_signed_by_slack_are_refused(sqlite_engine, bot_factory, tamper):
    bot = bot_factory(sqlite_engine)
    body = slash_command_body("next-meeting")
    headers = signed_headers(body)
    if tamper == "forged":
        headers["X-Slack-Signature"] = "v0=" + "0" * 64
    elif tamper == "missing":
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
    elif tamper == "stale":
        headers = signed_headers(body, timestamp=int(time.time()) - 6 * 60)
    elif tamper == "wrong_secret":
        headers = signed_headers(body, secret="not-the-signing-secret")
    elif tamper == "body_changed":
        body = slash_command_body("next-meeting safer")
    answer = post(bot.url + "/slack/events", body, headers)
    assert answer.status == 401
    assert b"next meeting" not in answer.body.lower()


def test_junk_and_mentions_get_a_friendly_ephemeral_answer_never_a_500(partnership, bot_factory):
    engine, _ = partnership
    bot = bot_factory(engine)
    for text in ["", "wibble", "next-meeting <@U0BREN001|bren>", "x" * 5000, "🎉", "next-meeting \u0000"]:
        answer = forum(bot, text)
        assert answer.status == 200, text
        reply = answer.json()
        assert reply["response_type"] == "ephemeral"
        assert_valid_blocks(reply["blocks"])
        assert "Traceback" not in answer.body.decode()


def test_health_check_reports_the_database(sqlite_engine, bot_factory):
    bot = bot_factory(sqlite_engine)
    answer = get(bot.url + "/healthz")
    assert answer.status == 200 and answer.json() == {"ok": True, "database": "reachable"}


def test_health_check_says_when_the_database_is_unreachable(sqlite_engine, slack):
    from tests.conftest import BotServer, settings_for

    dead = make_engine("postgresql+psycopg://postgres@127.0.0.1:9/nowhere?connect_timeout=1")
    server = BotServer(dead, settings_for(sqlite_engine, SLACK_API_URL=slack.api_url))
    try:
        answer = get(server.url + "/healthz")
        assert answer.status == 503 and answer.json()["database"] == "unreachable"
    finally:
        server.close()


def test_unknown_paths_and_oversized_bodies(sqlite_engine, bot_factory):
    bot = bot_factory(sqlite_engine)
    assert get(bot.url + "/wp-admin").status == 404
    body = b"x" * 2_000_000
    assert post(bot.url + "/slack/events", body, signed_headers(body)).status == 413


def test_user_text_never_pings_a_channel_even_in_the_notification_text(sqlite_engine, bot_factory):
    load_yaml(
        sqlite_engine,
        """
boards: [{name: "Forum <!channel>", slug: forum, kind: forum}]
meetings: [{board: forum, starts: 2099-01-01 14:00, venue: "<!here> & <@U0BREN001>"}]
""",
        LONDON,
    )
    reply = forum(bot_factory(sqlite_engine), "next-meeting").json()
    mrkdwn_texts = [b["text"]["text"] for b in reply["blocks"] if b.get("text", {}).get("type") == "mrkdwn"]
    for text in [reply["text"], *mrkdwn_texts]:  # plain_text (the header) is shown literally by Slack
        assert "<!channel>" not in text and "<!here>" not in text and "<@U0BREN001>" not in text
    assert "&lt;!here&gt; &amp; &lt;@U0BREN001&gt;" in reply["text"]
