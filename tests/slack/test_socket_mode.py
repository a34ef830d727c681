"""`forum serve` in Socket Mode, end to end: the real command in its own process, SLACK_APP_TOKEN set
and no signing secret, reaching a stand-in Slack (Web API and Socket Mode WebSocket) on loopback.

The bot asks the Web API (`apps.connections.open`, with its app token) where to connect, opens the
WebSocket it is given, and answers the envelopes Slack sends over it: a slash command's reply comes
back as the payload of the acknowledgement frame, a button press is acknowledged.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select

from storage.db import make_engine
from storage.tables import AgendaItem, Board, Meeting
from storage.types import utcnow
from tests.cli.test_cli import ROOT, forum
from tests.support.blockkit import assert_valid_blocks, visible_text
from tests.support.clock import LONDON
from tests.support.slack_requests import block_action, slash_command_body
from tests.support.slack_standin import SlackStandIn
from tests.support.socket_standin import SocketModeStandIn

APP_TOKEN = "xapp-1-A0FORUM-1234567890-0123456789abcdef0123456789abcdef"
UK = LONDON


@pytest.fixture
def socket_mode():
    standin = SocketModeStandIn().start()
    yield standin
    standin.stop()


def _environment(tmp_path: Path, slack: SlackStandIn) -> dict:
    """Only what the bot is given here: no SLACK_SIGNING_SECRET, no proxy between it and loopback."""
    skipped = ("SLACK_", "DATABASE_URL", "FORUM_", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
    environment = {k: v for k, v in os.environ.items() if not k.upper().startswith(skipped)}
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}",
            "PYTHONPATH": str(ROOT),
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_APP_TOKEN": APP_TOKEN,
            "SLACK_API_URL": slack.api_url,
            "FORUM_REMINDERS": "false",
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }
    )
    return environment


def _next_forum_meeting(tmp_path: Path) -> tuple[datetime, str, list[str], int]:
    """The demo Forum's next scheduled meeting, read from the database: when (UK), venue, agenda, id."""
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    try:
        with engine.connect() as connection:
            meeting = connection.execute(
                select(Meeting)
                .join(Board, Board.id == Meeting.board_id)
                .where(
                    Board.slug == "forum",
                    Meeting.status == "scheduled",
                    Meeting.archived_at.is_(None),
                    Meeting.starts_at > utcnow(),
                )
                .order_by(Meeting.starts_at)
                .limit(1)
            ).one()
            titles = (
                connection.execute(
                    select(AgendaItem.title)
                    .where(AgendaItem.meeting_id == meeting.id, AgendaItem.archived_at.is_(None))
                    .order_by(AgendaItem.position)
                )
                .scalars()
                .all()
            )
    finally:
        engine.dispose()
    return meeting.starts_at.astimezone(UK), meeting.venue, list(titles), meeting.id


def _uk_date(moment: datetime) -> str:
    return f"{moment:%A} {moment.day} {moment:%B %Y}"  # Thursday 17 December 2026


def _uk_time(moment: datetime) -> str:
    return f"{moment.hour % 12 or 12}:{moment:%M} {'am' if moment.hour < 12 else 'pm'}"  # 2:00 pm


def _slash_command(text: str, response_url: str) -> dict:
    """The fields Slack sends for a slash command, as Socket Mode carries them: a JSON object."""
    return dict(parse_qsl(slash_command_body(text, response_url=response_url).decode()))


def _stop(process: subprocess.Popen) -> tuple[int, bool]:
    """Ask the server to stop (SIGTERM); kill it if it has not gone within 10 s. (exit code, killed?)"""
    if process.poll() is not None:
        return process.returncode, False
    process.terminate()
    try:
        return process.wait(timeout=10), False
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait(timeout=10), True


def test_socket_mode_answers_commands_and_buttons_without_a_signing_secret(tmp_path, slack, socket_mode):
    loaded = forum(tmp_path, "demo")
    assert loaded.returncode == 0, loaded.stderr
    starts, venue, agenda, meeting_id = _next_forum_meeting(tmp_path)
    assert agenda, "the demo's next Forum meeting has an agenda"
    socket_mode.script_connections_open(slack)

    environment = _environment(tmp_path, slack)
    assert "SLACK_SIGNING_SECRET" not in environment
    log_out, log_err = (tmp_path / "serve.out").open("w+"), (tmp_path / "serve.err").open("w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "app", "serve"], cwd=tmp_path, env=environment, stdout=log_out, stderr=log_err, text=True
    )

    def output() -> str:
        log_out.flush(), log_err.flush()
        return (tmp_path / "serve.out").read_text() + (tmp_path / "serve.err").read_text()

    stopped: tuple[int, bool] | None = None
    try:
        connected = socket_mode.wait_connected(timeout=20, alive=lambda: server.poll() is None)
        assert connected, f"forum serve did not connect in Socket Mode (exit code {server.poll()}):\n{output()}"

        # It found the WebSocket the way it finds Slack's: apps.connections.open, with the app token.
        opened = slack.calls_to("apps.connections.open")
        assert opened, "the bot did not ask the (stand-in) Web API for a Socket Mode URL"
        headers = {k.lower(): v for k, v in opened[0].headers.items()}
        assert headers.get("authorization") == f"Bearer {APP_TOKEN}"
        assert socket_mode.paths[0].startswith("/link/")
        assert slack.calls_to("auth.test"), "the bot checked its bot token with (stand-in) Slack"

        # /forum next-meeting: the answer is the payload of the acknowledgement, as Block Kit.
        ack = socket_mode.send("slash_commands", _slash_command("next-meeting", slack.response_url))
        payload = ack.get("payload") or {}
        blocks = payload.get("blocks")
        assert_valid_blocks(blocks)
        text = visible_text(blocks)
        assert "Luton Forum" in text
        assert _uk_date(starts) in text and _uk_time(starts) in text, text
        assert venue and venue in text, text
        for title in agenda:
            assert title in text, f"agenda item {title!r} missing from:\n{text}"
        buttons = [element for block in blocks if block["type"] == "actions" for element in block["elements"]]
        apologies = next(b for b in buttons if b["action_id"] == "meeting_apologies")
        assert apologies["value"] == str(meeting_id)

        # An unknown subcommand: a short, friendly answer pointing at help.
        ack = socket_mode.send("slash_commands", _slash_command("frobnicate", slack.response_url))
        payload = ack.get("payload") or {}
        answer = payload.get("text", "")
        assert "frobnicate" in answer and "/forum help" in answer, payload
        assert len(answer) < 200 and "Traceback" not in answer, answer
        if payload.get("blocks"):
            assert_valid_blocks(payload["blocks"])
            assert "/forum help" in visible_text(payload["blocks"])

        # Pressing *Send apologies* on that reply: Slack sends block_actions as an "interactive"
        # envelope (no response payload accepted); the bot acknowledges it and answers at response_url.
        pressed = block_action("meeting_apologies", apologies["value"], response_url=slack.response_url)
        ack = socket_mode.send("interactive", pressed, accepts_response_payload=False)
        assert set(ack) <= {"envelope_id", "payload"} and not ack.get("payload"), ack
        deadline = time.monotonic() + 10
        while not slack.responses() and time.monotonic() < deadline:
            time.sleep(0.05)
        replies = slack.responses()
        assert replies, "the button's answer was not posted to its response_url"
        assert "Apologies recorded for you, Bren McGowan" in replies[-1].args.get("text", ""), replies[-1].args

        assert server.poll() is None, f"forum serve exited while serving:\n{output()}"
    finally:
        stopped = _stop(server)
        log_out.close(), log_err.close()

    logs = (tmp_path / "serve.out").read_text() + (tmp_path / "serve.err").read_text()
    exit_code, killed = stopped
    assert not killed, f"forum serve did not stop when asked (SIGTERM) and had to be killed (exit code {exit_code})"
    assert "Connecting to Slack in Socket Mode." in logs
    assert "SLACK_SIGNING_SECRET" not in logs, "Socket Mode must not ask for a signing secret"
    assert "Traceback" not in logs, logs
