"""Starting the bot (issue 12, items 10 and 12): a database that cannot be reached ends each verb
with one line saying what to check; `forum serve` logs no misleading bolt warning, and says once
that, without FORUM_PUBLIC_URL, no calendar link is posted — and none is, over signed HTTP."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli.test_cli import _future_meeting, forum
from tests.conftest import DATA
from tests.support.serving import serve_environment, start_serve
from tests.support.slack_requests import SIGNING_SECRET, post, signed_headers, slash_command_body

ROOT = Path(__file__).resolve().parents[2]


def _closed_port() -> int:
    with socket.socket() as s:  # bound and closed again: nothing listens there
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("verb", [["serve"], ["console"], ["ask", "next-meeting"], ["start"]])
def test_a_database_on_a_closed_port_ends_with_one_line_saying_what_to_check(tmp_path, verb):
    url = f"postgresql://postgres:s3cret-pw@127.0.0.1:{_closed_port()}/forum"
    env = {"SLACK_BOT_TOKEN": "xoxb-test-token", "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    started = time.monotonic()
    result = forum(tmp_path, *verb, env=env, db=url)
    assert time.monotonic() - started < 30
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "is the database running" in lines[0] and "127.0.0.1" in lines[0]
    assert "s3cret-pw" not in result.stderr  # the URL is shown without its password


def _serve(tmp_path: Path, slack, extra: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    environment = serve_environment(tmp_path, slack, FORUM_REMINDERS="false", **(extra or {}))
    return start_serve(tmp_path, environment, None, "--verbose")


def _next_meeting(url: str) -> str:
    body = slash_command_body("next-meeting")
    answer = post(url + "/slack/events", body, signed_headers(body))
    assert answer.status == 200
    return answer.body.decode()


def test_serve_without_a_public_url_says_so_once_and_posts_no_calendar_link(tmp_path, slack):
    forum(tmp_path, "import", str(DATA / "issue_example.yaml"))
    forum(tmp_path, "import", str(_future_meeting(tmp_path)))
    server, url = _serve(tmp_path, slack)
    try:
        answer = _next_meeting(url)
        assert "Hat Factory" in answer
        assert ".ics" not in answer and "localhost" not in answer and "Add to calendar" not in answer
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert stderr.count("FORUM_PUBLIC_URL is not set") == 1, stderr
    assert "will be unused" not in stderr  # bolt's warning about a second token
    assert "Traceback" not in stderr


def test_serve_with_a_public_url_links_the_meeting_to_it(tmp_path, slack):
    forum(tmp_path, "import", str(DATA / "issue_example.yaml"))
    forum(tmp_path, "import", str(_future_meeting(tmp_path)))
    server, url = _serve(tmp_path, slack, {"FORUM_PUBLIC_URL": "https://forum.luton.example"})
    try:
        answer = _next_meeting(url)
        assert "https://forum.luton.example/calendar/meeting/" in answer and "Add to calendar" in answer
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    assert "FORUM_PUBLIC_URL is not set" not in stderr and "will be unused" not in stderr


def test_the_calendar_command_without_a_public_url_says_what_is_missing(tmp_path):
    forum(tmp_path, "demo")
    result = forum(tmp_path, "ask", "calendar")
    assert result.returncode == 0 and "FORUM_PUBLIC_URL" in result.stdout and "localhost" not in result.stdout
    linked = forum(tmp_path, "ask", "calendar", env={"FORUM_PUBLIC_URL": "https://forum.luton.example"})
    assert "https://forum.luton.example/calendar.ics" in linked.stdout
