"""PostgreSQL unreachable for a while (issue 7): the bot answers Slack in time and plainly, writes
nothing, and its reminders go once the database is back.

The outage is made by a TCP proxy on loopback (tests/tcp_proxy.py) between the bot and the real
server: "down" refuses connections and resets the open ones; "blackhole" accepts and never answers.
The bot is the real one, served by waitress, asked by signed requests with Slack's 3-second timeout.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, make_url, select
from sqlmodel import SQLModel

import commands.reminder_engine.sweep as sweep_module
from bot.scheduler import start_scheduler, tick
from storage.db import make_engine
from storage.tables import Action, Delivery
from storage.types import utcnow
from tests.reminders.test_reminders_scheduler import _due_on_wednesday, _wait_for
from tests.support.blockkit import assert_valid_blocks
from tests.support.bot_server import settings_for
from tests.support.clock import LONDON, utc
from tests.support.databases import empty_tables
from tests.support.partnerships import load_yaml, upcoming_yaml
from tests.support.reminder_world import RecordingSlack, poster_for
from tests.support.slack_requests import (
    block_action,
    get,
    interaction_body,
    post,
    signed_headers,
    slash_command_body,
    view_submission,
)
from tests.support.tcp_proxy import TcpProxy

pytestmark = pytest.mark.postgres

SLACK_TIMEOUT = 3  # seconds Slack waits for the answer to a slash command, a click or a submission


def said_unavailable(words: str) -> bool:
    return "temporarily unavailable" in words and "try again in a minute" in words


@pytest.fixture
def direct(postgres_engine):
    """The test's own way into the database, around the proxy: to set up, and to look afterwards."""
    empty_tables(postgres_engine)
    return postgres_engine


@pytest.fixture
def proxy(postgres_url):
    url = make_url(postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    yield proxy
    proxy.close()


@pytest.fixture
def through(direct, proxy):
    """The bot's engine: DATABASE_URL points at the proxy."""
    engine = make_engine(direct.url.set(port=proxy.port).render_as_string(hide_password=False))
    yield engine
    engine.dispose()


def snapshot(engine) -> dict:
    """Every table's row count, and each action's status: what an outage must leave as it was."""
    with engine.connect() as connection:
        counts = {
            t.name: connection.execute(select(func.count()).select_from(t)).scalar_one()
            for t in SQLModel.metadata.sorted_tables
        }
        statuses = sorted(connection.execute(select(Action.id, Action.status)).all())
    return {"counts": counts, "actions": statuses}


# --- Slack over HTTP ---------------------------------------------------------------------------


def _signed(bot, body: bytes):
    return post(bot.url + "/slack/events", body, signed_headers(body), timeout=SLACK_TIMEOUT)


def forum(bot, words: str):
    return _signed(bot, slash_command_body(words))


@pytest.fixture
def partnership(direct):
    today = utcnow().astimezone(LONDON).date()
    load_yaml(
        direct,
        upcoming_yaml(today)
        + f"""
actions:
  - {{description: Circulate the theme board update, owner: Bren McGowan, due: {today - timedelta(days=4)}}}
  - {{description: Present the budget, owner: Dave Kempson, due: {today + timedelta(days=6)}}}
""",
        LONDON,
    )
    return direct


@pytest.mark.parametrize("outage", ["down", "blackhole"])
def test_commands_clicks_and_forms_say_the_database_is_away_in_time_and_change_nothing(
    outage, partnership, through, proxy, bot_factory, slack
):
    bot = bot_factory(through)
    assert "Central Library" in forum(bot, "next-meeting").body.decode()  # the pool holds a live connection
    before = snapshot(partnership)

    getattr(proxy, outage)()  # blackhole: each new connection waits out connect_timeout (2 s)
    for words in ("next-meeting", "actions overdue", "done A-1"):
        answer = forum(bot, words)  # a timeout here is Slack's "the app did not respond"
        assert answer.status == 200, words
        reply = answer.json()
        assert reply["response_type"] == "ephemeral"
        assert_valid_blocks(reply["blocks"])
        assert said_unavailable(reply["text"]), (words, reply["text"])
        assert "Traceback" not in answer.body.decode()

    clicked = _signed(bot, interaction_body(block_action("action_done", "1", response_url=slack.response_url)))
    assert clicked.status == 200 and b"Traceback" not in clicked.body
    assert said_unavailable(slack.responses()[-1].args["text"])  # told privately, beside the button

    form = view_submission(
        "action_update_modal",
        json.dumps({"action": 1, "channel": "C0FORUM01"}),
        {"update": {"text": {"type": "plain_text_input", "value": "Sent to the board"}}},
    )
    submitted = _signed(bot, interaction_body(form))
    assert submitted.status == 200 and b"Traceback" not in submitted.body
    kept_open = submitted.json()  # the form stays open, with what was typed, saying why
    assert kept_open["response_action"] == "errors" and said_unavailable(kept_open["errors"]["update"])

    proxy.up()
    assert snapshot(partnership) == before
    assert "Central Library" in forum(bot, "next-meeting").body.decode()  # back without a restart
    assert "A-1 is done" in forum(bot, "done A-1").json()["text"]


def test_the_health_check_follows_the_database(direct, through, proxy, bot_factory):
    bot = bot_factory(through)
    assert get(bot.url + "/healthz").status == 200
    proxy.down()
    assert get(bot.url + "/healthz").json() == {"ok": False, "database": "unreachable"}
    proxy.up()
    assert get(bot.url + "/healthz").status == 200


# --- reminders ---------------------------------------------------------------------------------

TODAY = date(2027, 3, 1)  # the Forum meets Thursday 11 March; its presenters are reminded Monday 8th at 09:00


@pytest.fixture
def slack_api():
    slack = RecordingSlack().start()
    yield slack
    slack.stop()


def test_ticks_during_the_outage_send_nothing_and_the_next_one_catches_up_once(
    direct, through, proxy, slack_api, caplog
):
    settings = settings_for(through, SLACK_API_URL=slack_api.api_url)
    load_yaml(direct, upcoming_yaml(TODAY), settings.tz)
    poster = poster_for(slack_api)
    tick(through, settings, poster, now=utc(2027, 3, 8, 8))  # before anything is due
    assert slack_api.accepted == []

    proxy.down()
    before = snapshot(direct)
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        for moment in (utc(2027, 3, 8, 9), utc(2027, 3, 8, 9, 1)):  # the presenters' reminders fall due
            tick(through, settings, poster, now=moment)  # returns: an outage does not stop the scheduler
    assert sum("database is unavailable" in r.getMessage() for r in caplog.records) == 2  # said, once a tick
    assert slack_api.calls_to("chat.postMessage") == [] and slack_api.accepted == []
    assert snapshot(direct) == before  # nothing claimed, nothing marked as swept

    proxy.up()
    tick(through, settings, poster, now=utc(2027, 3, 8, 9, 30))
    assert sorted(p.channel for p in slack_api.accepted) == ["D0BREN001", "D0DAVEK01"]
    for moment in (utc(2027, 3, 8, 9, 31), utc(2027, 3, 8, 12)):
        tick(through, settings, poster, now=moment)
    assert sorted(p.channel for p in slack_api.accepted) == ["D0BREN001", "D0DAVEK01"]  # once each
    with direct.connect() as connection:
        rows = connection.execute(select(Delivery.kind, Delivery.recipient, Delivery.status)).all()
    assert sorted(rows) == [("presenter", "Bren McGowan", "sent"), ("presenter", "Dave Kempson", "sent")]


def test_the_running_scheduler_outlives_the_outage_and_then_sends(
    direct, through, proxy, slack_api, caplog, monkeypatch
):
    settings = settings_for(through, SLACK_API_URL=slack_api.api_url, FORUM_REMINDER_TICK_SECONDS="0.2")
    _due_on_wednesday(direct, settings)  # two reminders due on Wednesday 2 December 2026 at 09:00
    # The sweeps believe it is five past nine that Wednesday: a working hour, whenever the test runs.
    monkeypatch.setattr(sweep_module, "utcnow", lambda: datetime(2026, 12, 2, 9, 5, tzinfo=UTC))
    proxy.down()
    with caplog.at_level(logging.WARNING, logger="bot.scheduler"):
        scheduler = start_scheduler(through, settings, poster_for(slack_api), first_run=utcnow())
        try:
            assert _wait_for(lambda: sum("database is unavailable" in r.getMessage() for r in caplog.records) >= 3, 10)
            assert slack_api.accepted == []
            assert scheduler.running and scheduler.get_job("reminder-sweep") is not None

            proxy.up()
            assert _wait_for(lambda: len(slack_api.accepted) >= 2, 10)
            time.sleep(1)  # five more ticks
            assert sorted(p.channel for p in slack_api.accepted) == ["D0BREN001", "D0HAZEL01"]
        finally:
            scheduler.shutdown()
    with direct.connect() as connection:
        assert connection.execute(select(Delivery.status)).scalars().all() == ["sent", "sent"]


def test_connections_give_up_on_a_silent_server_and_the_url_has_the_last_word(postgres_url):
    """A server that vanishes without a word is found dead by TCP keepalives and a user timeout;
    what DATABASE_URL sets itself is kept."""
    engines = [
        make_engine(postgres_url),
        make_engine(postgres_url + ("&" if "?" in postgres_url else "?") + "keepalives_idle=60&connect_timeout=5"),
    ]
    try:
        dsns = []
        for engine in engines:
            with engine.connect() as connection:
                dsns.append(
                    dict(part.split("=", 1) for part in connection.connection.dbapi_connection.info.dsn.split())
                )
        assert {k: dsns[0][k] for k in ("connect_timeout", "keepalives", "keepalives_idle", "tcp_user_timeout")} == {
            "connect_timeout": "2",
            "keepalives": "1",
            "keepalives_idle": "30",
            "tcp_user_timeout": "10000",
        }
        assert (dsns[1]["keepalives_idle"], dsns[1]["connect_timeout"], dsns[1]["tcp_user_timeout"]) == (
            "60",
            "5",
            "10000",
        )
    finally:
        for engine in engines:
            engine.dispose()
