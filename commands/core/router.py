"""The text after `/forum` → the right command → a Reply. Never raises to the caller."""

from __future__ import annotations

import difflib
import logging
import re

from commands.core import first_day
from commands.core.command_index import INDEX
from commands.core.context import Context
from commands.core.registry import canonical, lookup
from commands.core.reply import Reply, message
from storage.db import unavailable

log = logging.getLogger(__name__)

# Also said by the bot's error handler (bot/app.py) when a button or form meets the outage.
UNAVAILABLE = "The partnership database is temporarily unavailable; please try again in a minute. Nothing was changed."


MAX_TEXT = 1000  # longer than any real command; a pasted document is refused, not parsed


def clean(text: str) -> str:
    # Slack sends typographic quotes and non-breaking spaces from phones; treat them as plain.
    text = text.replace("\u00a0", " ").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def handle(ctx: Context, text: str) -> Reply:
    text = clean(text or "")
    if len(text) > MAX_TEXT:
        return message(
            f"That is {len(text):,} characters; commands are short.", "Try `/forum help` to see what I can do."
        )
    if not text:
        help_command = lookup("help")
        assert help_command is not None  # registered with the commands above
        return help_command.handler(ctx, "")
    ctx.text = text
    word, _, rest = text.partition(" ")
    command = lookup(word)
    if command is None:
        return unknown(word)
    sub, _, sub_rest = rest.partition(" ")
    if sub and (two_words := lookup(f"{command.name} {sub}")) is not None:  # "add person …" is its own command
        command, rest = two_words, sub_rest
    try:
        if (empty := first_day.before(ctx, command.name)) is not None:  # no boards yet: say how to start
            return empty
        return command.handler(ctx, rest.strip())
    except Exception as error:
        if unavailable(error):
            log.warning("database unavailable while handling %r: %s", word, error)  # an outage, not our bug
            return message(UNAVAILABLE, ok=False)
        log.exception("command %r failed on %r", word, text)
        return message(
            "Sorry, something went wrong on my side and nothing was changed. "
            "Please try again; if it keeps happening, tell an officer.",
            ok=False,
        )


def unknown(word: str) -> Reply:
    shown = word if len(word) <= 40 else word[:40] + "…"
    close = difflib.get_close_matches(word.casefold(), list(INDEX), n=1, cutoff=0.6)
    hint = f"Did you mean `/forum {canonical(close[0])}`?" if close else "Try `/forum help` to see what I can do."
    return message(f"I don't know the command “{shown}”.", hint)
