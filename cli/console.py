"""`forum console` and `forum ask`: the same commands and templates as Slack, as plain text in a terminal.

What Slack would draw is drawn for a terminal: `*bold*` in bold (plain where the output is not a
terminal), the emoji codes the templates use as emoji, `<url|title>` as `title (url)`, and the
`/forum …` hints as what you type here. At a terminal the prompt has line editing and a history
(stdlib readline), kept between sessions in ~/.forum_history.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import TextIO

import click
from sqlalchemy import Engine

from cli.engine import open_engine
from commands.core.context import Context
from commands.core.router import handle
from settings import Settings
from templates import render_text

BANNER = "Forum bot console: type what you would after /forum (e.g. next-meeting, help). Ctrl-D or 'quit' to leave."
HISTORY_FILE = ".forum_history"  # in the user's home
HISTORY_LENGTH = 1000  # lines kept between sessions

# The emoji codes the templates and replies use (templates/, commands/), as the characters Slack
# shows for them. A code not here is left as typed, so "14:00:" and unknown codes stay readable.
EMOJI = {
    "white_check_mark": "\u2705",
    "heavy_check_mark": "\u2714\ufe0f",
    "red_circle": "\U0001f534",
    "large_orange_circle": "\U0001f7e0",
    "large_green_circle": "\U0001f7e2",
    "white_circle": "\u26aa",
    "white_large_square": "\u2b1c",
    "warning": "\u26a0\ufe0f",
    "memo": "\U0001f4dd",
    "bust_in_silhouette": "\U0001f464",
    "tada": "\U0001f389",
    "calendar": "\U0001f4c6",
    "spiral_calendar_pad": "\U0001f5d3\ufe0f",
    "x": "\u274c",
    "round_pushpin": "\U0001f4cd",
    "hourglass": "\u231b",
    "alarm_clock": "\u23f0",
    "double_vertical_bar": "\u23f8\ufe0f",
    "classical_building": "\U0001f3db\ufe0f",
    "information_source": "\u2139\ufe0f",
}
BOLD, PLAIN = "\033[1m", "\033[0m"

_LINK = re.compile(r"<((?:https?|mailto):[^|>\s]+)(?:\|([^>]*))?>")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_EMOJI = re.compile(r":([a-z0-9_+-]+):")
_HINT = re.compile(r"(?<![\w/])/forum (?=\S)")


def for_terminal(text: str, bold: bool, hint: str = "") -> str:
    """Slack's mrkdwn as a terminal shows it. `bold`: ANSI bold (only for a terminal, never into a
    file or a pipe); `hint`: what stands for "/forum " in a suggestion (nothing at the console's
    /forum prompt, "forum ask " for `forum ask`)."""

    def link(match: re.Match[str]) -> str:
        url, title = match.group(1), (match.group(2) or "").strip()
        shown = url.removeprefix("mailto:") if url.startswith("mailto:") else url
        return f"{title} ({shown})" if title and title != shown else shown

    text = _LINK.sub(link, text)
    text = _BOLD.sub(lambda m: f"{BOLD}{m.group(1)}{PLAIN}" if bold else m.group(1), text)
    text = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text)
    return _HINT.sub(hint, text)


def _line_editing(stdin: TextIO) -> bool:
    """Line editing and a bounded history at a terminal; nothing for piped input. Whether it is on."""
    if not stdin.isatty():
        return False
    try:
        import readline
    except ImportError:  # a Python built without it: the bare prompt still works
        return False
    history = Path(os.path.expanduser("~")) / HISTORY_FILE
    try:
        readline.read_history_file(history)
    except OSError:
        pass  # first session, or a home we cannot read: start afresh
    readline.set_history_length(HISTORY_LENGTH)
    import atexit

    def save() -> None:
        try:
            readline.write_history_file(history)
        except OSError:
            pass  # a read-only home loses the history, not the session

    atexit.register(save)
    return True


def answer(engine: Engine, settings: Settings, text: str, as_user: str | None = None) -> str:
    """The reply as Slack's text (mrkdwn): what the console and `forum ask` draw for a terminal."""
    ctx = Context(engine=engine, settings=settings, user_id=as_user, surface="console")
    return render_text(handle(ctx, text))


def _is_terminal(stream: TextIO) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"


def run(
    engine: Engine,
    settings: Settings,
    as_user: str | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> None:
    interactive = stdin.isatty()
    editing = interactive and stdin is sys.stdin and _line_editing(stdin)
    bold = _is_terminal(stdout)
    print(BANNER, file=stdout)
    while True:
        if editing:
            try:
                line = input("/forum ") + "\n"  # readline's editing and history come with input()
            except EOFError:
                line = ""
            except KeyboardInterrupt:  # Ctrl-C clears the line, as in a shell
                print(file=stdout)
                continue
        else:
            if interactive:
                stdout.write("/forum ")
                stdout.flush()
            line = stdin.readline()
        if not line:
            break
        text = line.strip()
        if text.lstrip("/").startswith("forum "):
            text = text.lstrip("/")[len("forum ") :]  # people paste the whole slash command
        if text in {"quit", "exit", "q"}:
            break
        if not text and interactive:
            continue
        print(for_terminal(answer(engine, settings, text, as_user), bold), file=stdout)
        print(file=stdout)


@click.command()
@click.option("--as", "as_user", metavar="SLACK_USER_ID", help="Answer as this Slack user (default: an admin).")
@click.pass_obj
def console(settings: Settings, as_user: str | None) -> None:
    """A prompt that takes the same text as /forum."""
    run(open_engine(settings), settings, as_user)


@click.command()
@click.argument("text")
@click.option("--as", "as_user", metavar="SLACK_USER_ID", help="Answer as this Slack user (default: an admin).")
@click.pass_obj
def ask(settings: Settings, text: str, as_user: str | None) -> None:
    """Answer one command, e.g. forum ask "next-meeting", and exit."""
    shown = answer(open_engine(settings), settings, text, as_user)
    click.echo(for_terminal(shown, _is_terminal(sys.stdout), hint="forum ask "))
