"""The servers under load: the real bot exactly as `forum serve` runs it, and beside it a hello-world
bolt app served the same way (waitress, the same eight threads) whose one command only acknowledges.

    .venv/bin/python -m bench.serve hello --port 3101          # acknowledges /forum, nothing else
    .venv/bin/python -m bench.serve hello-polling --port 3102  # the same in bolt's default mode

`hello-polling` is the hello-world in bolt's default listener mode (process_before_response=False),
run only to show what that mode costs (see bench/RESULTS.md). The bot itself is started by
`start_forum` as the `forum serve` command, in its own process, so it is measured as deployed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.support.slack_requests import SIGNING_SECRET, post, signed_headers, slash_command_body

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "xoxb-bench-token"


ANSWER_BYTES = 4000  # about the size of the bot's answers to the benchmarked commands (3.9 KB)


def sized_answer(size: int) -> str:
    """A Block Kit answer of about `size` bytes, already JSON, as a bot with nothing to work out sends."""
    text = "x" * max(size - 120, 0)
    return json.dumps(
        {
            "response_type": "ephemeral",
            "text": "Answer",
            "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}}]
            + ([{"type": "section", "text": {"type": "mrkdwn", "text": text[3000:6000]}}] if len(text) > 3000 else []),
        }
    )


def hello_app(api_url: str, polling: bool = False, answer_bytes: int = 0):
    from slack_bolt import App, BoltResponse
    from slack_sdk import WebClient

    app = App(
        client=WebClient(token=TOKEN, base_url=api_url, timeout=10),
        signing_secret=SIGNING_SECRET,
        process_before_response=not polling,
        token_verification_enabled=True,
    )
    body = sized_answer(answer_bytes) if answer_bytes else None

    @app.command("/forum")
    def acknowledge(ack) -> None:
        if body is None:
            ack()
        else:
            ack.response = BoltResponse(status=200, body=body)

    return app


def serve_hello(port: int, api_url: str, polling: bool, answer_bytes: int = 0) -> None:
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from waitress import serve

    # The same server and thread count as cli.serve.serve_slack gives the bot.
    serve(
        SlackRequestHandler(hello_app(api_url, polling, answer_bytes), path="/slack/events"),
        host="127.0.0.1",
        port=port,
        threads=8,
        ident="hello-world",
    )


def environment(database_url: str, api_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "FORUM_"))}
    env.update(
        DATABASE_URL=database_url,
        SLACK_BOT_TOKEN=TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=api_url,
        FORUM_TIMEZONE="Europe/London",
        PYTHONUNBUFFERED="1",
    )
    return env


def start_forum(port: int, database_url: str, api_url: str, log: Path, **settings: str) -> subprocess.Popen:
    """`forum serve`, as deployed (reminder scheduler included), in a process of its own; `settings`
    are extra environment variables (FORUM_ANSWER_CACHE="false")."""
    return subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "forum"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env={**environment(database_url, api_url), **settings},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def start_hello(port: int, api_url: str, log: Path, polling: bool = False, answer_bytes: int = 0) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bench.serve",
            "hello-polling" if polling else "hello",
            "--port",
            str(port),
            "--api-url",
            api_url,
            "--answer-bytes",
            str(answer_bytes),
        ],
        cwd=ROOT,
        env=environment("", api_url),
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )


def first_answer(
    url: str,
    process: subprocess.Popen,
    started: float,
    text: str = "next-meeting",
    user: str = "U0BENCH001",
    limit: float = 60.0,
) -> float:
    """Seconds from `started` (just before the process was launched) to the first command answered 200."""
    body = slash_command_body(text, user_id=user)
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before answering")
        try:
            if post(url + "/slack/events", body, signed_headers(body)).status == 200:
                return time.perf_counter() - started
        except OSError:
            pass  # not listening yet
        time.sleep(0.01)
    raise RuntimeError(f"no answer within {limit:.0f} s")


def rss_mb(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) in MB, from /proc."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("app", choices=["hello", "hello-polling"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api-url", required=True)
    parser.add_argument("--answer-bytes", type=int, default=0, help="answer with this much Block Kit, not just ok")
    args = parser.parse_args()
    serve_hello(args.port, args.api_url, polling=args.app == "hello-polling", answer_bytes=args.answer_bytes)


if __name__ == "__main__":
    main()
