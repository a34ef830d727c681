"""`forum console` and `forum ask`: the same commands and templates as Slack, as plain text in a terminal."""

from __future__ import annotations

import sys
from typing import TextIO

import click
from sqlalchemy import Engine

from cli.engine import open_engine
from commands.core.context import Context
from commands.core.router import handle
from settings import Settings
from templates import render_text

BANNER = "Forum bot console: type what you would after /forum (e.g. next-meeting, help). Ctrl-D or 'quit' to leave."


def answer(engine: Engine, settings: Settings, text: str, as_user: str | None = None) -> str:
    ctx = Context(engine=engine, settings=settings, user_id=as_user, surface="console")
    return render_text(handle(ctx, text))


def run(
    engine: Engine,
    settings: Settings,
    as_user: str | None = None,
    stdin: TextIO = sys.stdin,
    stdout: TextIO = sys.stdout,
) -> None:
    interactive = stdin.isatty()
    print(BANNER, file=stdout)
    while True:
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
        print(answer(engine, settings, text, as_user), file=stdout)
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
    click.echo(answer(open_engine(settings), settings, text, as_user))
