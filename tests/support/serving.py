"""`forum serve` as a real child process on a loopback port, for tests of the running bot."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tests.support.slack_requests import SIGNING_SECRET, get

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve_environment(tmp_path: Path, slack: Any, **extra: str) -> dict[str, str]:
    """This machine's environment without its Slack, database or Forum settings, and the test's own:
    the SQLite file in `tmp_path`, signed requests, the stand-in Slack."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    environment.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}",
            "PYTHONPATH": str(ROOT),
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_BOT_TOKEN": "xoxb-test-token",
            "SLACK_API_URL": slack.api_url,
            **extra,
        }
    )
    return environment


def start_serve(
    tmp_path: Path, environment: dict[str, str], program: list[str] | None = None, *options: str, wait: bool = True
) -> tuple[subprocess.Popen[str], str]:
    """`forum serve` (or `program` with the same arguments) on a free port; with `wait`, once it answers
    /healthz (for up to 20 s). Returns the process and its base URL."""
    port = free_port()
    command = (program or [sys.executable, "-m", "app"]) + [*options, "serve", "--port", str(port)]
    server = subprocess.Popen(
        command + ["--host", "127.0.0.1"],
        cwd=tmp_path,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(200 if wait else 0):
        try:
            if get(url + "/healthz").status == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server, url
