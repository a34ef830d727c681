"""`forum console` and `forum ask` as a terminal user sees them (issue 12, item 11): line editing
and a history at a terminal, and Slack's mrkdwn drawn for a terminal — bold, emoji, links, and the
`/forum …` hints as what you type there."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from cli.console import BOLD, PLAIN, for_terminal
from tests.cli.test_cli import forum

ROOT = Path(__file__).resolve().parents[2]
SALMA = "U0SALCH01"  # a member of the demo partnership, with no actions of her own


def test_piped_console_shows_emoji_and_hints_as_typed_here_and_no_escape_codes(tmp_path):
    forum(tmp_path, "demo")
    result = forum(tmp_path, "console", "--as", SALMA, stdin="apologies next\nactions mine\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\N{MEMO} Apologies recorded for you, Salma Chowdhury" in out
    assert "You have no open actions. \N{PARTY POPPER}" in out
    assert "Changed your mind? `apologies withdraw`." in out  # typed at the console's /forum prompt
    assert ":memo:" not in out and ":tada:" not in out and "/forum apologies" not in out
    assert "\033[" not in out  # a pipe gets plain text, never escape codes


def test_forum_ask_shows_the_hint_as_a_forum_ask_command(tmp_path):
    forum(tmp_path, "demo")
    result = forum(tmp_path, "ask", "apologies next", "--as", SALMA)
    assert result.returncode == 0, result.stderr
    assert "Changed your mind? `forum ask apologies withdraw`." in result.stdout
    assert result.stdout.startswith("\N{MEMO} ")


def test_links_bold_and_emoji_are_drawn_for_a_terminal():
    text = "*Luton Forum* :calendar: <https://example.org/papers/scs.pdf|SCS report> and <https://example.org/a>"
    assert for_terminal(text, bold=True) == (
        f"{BOLD}Luton Forum{PLAIN} \N{TEAR-OFF CALENDAR} SCS report (https://example.org/papers/scs.pdf) and "
        "https://example.org/a"
    )
    assert for_terminal(text, bold=False).startswith("Luton Forum \N{TEAR-OFF CALENDAR} SCS report")
    # Times, unknown codes, a lone star and a multiplication stay as they are.
    assert for_terminal("at 14:00:30 :no_such_code: 2 * 3 = 6", bold=True) == "at 14:00:30 :no_such_code: 2 * 3 = 6"


def _read_until(fd: int, wanted: bytes, seconds: float = 30) -> bytes:
    seen, deadline = b"", time.monotonic() + seconds
    while wanted not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


def test_the_console_at_a_terminal_edits_lines_and_remembers_them(tmp_path):
    forum(tmp_path, "demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DATABASE_URL", "FORUM_"))}
    env.update({"DATABASE_URL": f"sqlite:///{tmp_path / 'forum.db'}", "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)})
    env["TERM"] = "xterm"
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "console", "--as", SALMA],
        stdin=child,
        stdout=child,
        stderr=child,
        cwd=tmp_path,
        env=env,
        close_fds=True,
    )
    os.close(child)
    try:
        _read_until(main, b"/forum ")
        os.write(main, b"actions mine\r")
        first = _read_until(main, b"open actions")
        assert b"\xf0\x9f\x8e\x89" in first  # the party popper, not ":tada:"
        _read_until(main, b"/forum ", 5)
        os.write(main, b"\x1b[A\r")  # Up arrow: the last line again, then Enter
        again = _read_until(main, b"open actions")
        assert b"You have no open actions" in again and b"^[[A" not in again
        os.write(main, b"quit\r")
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    history = (tmp_path / ".forum_history").read_text()
    assert "actions mine" in history and "quit" in history
