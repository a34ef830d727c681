"""The table of subcommands: each command module registers its handlers here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from commands.core.context import Context
from commands.core.reply import Reply

Handler = Callable[[Context, str], Reply]


@dataclass(frozen=True)
class Command:
    name: str
    handler: Handler
    summary: str  # one line, for `help`
    usage: str  # e.g. "next-meeting [board]"
    examples: tuple[str, ...]
    details: str = ""  # longer explanation, for `help COMMAND`
    aliases: tuple[str, ...] = ()
    # A read-only answer that depends only on the data, the asker, the place and the minute may be
    # kept by the answer cache until the data changes; anything that writes must never be.
    kept: bool = False


COMMANDS: dict[str, Command] = {}
ALIASES: dict[str, str] = {}


def command(
    name: str,
    *,
    summary: str,
    usage: str,
    examples: tuple[str, ...],
    details: str = "",
    aliases: tuple[str, ...] = (),
    kept: bool = False,
) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, handler, summary, usage, examples, details, aliases, kept)
        for alias in (name, *aliases):
            ALIASES[alias] = name
        return handler

    return register


def lookup(word: str) -> Command | None:
    name = ALIASES.get(word.casefold())
    return COMMANDS.get(name) if name else None
