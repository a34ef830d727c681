"""The table of subcommands: each command module registers its handlers here.

A command's module is imported when the command is first looked up (commands/core/command_index.py
says which module holds which word), so `forum ask next-meeting` loads the meetings commands and
not thirty others; `all_commands()` loads every one (help, the Slack app at start).
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import commands
from commands.core import command_index
from commands.core.command_index import INDEX
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
    module: str = ""  # where it is written (the index is checked against it)


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
        COMMANDS[name] = Command(name, handler, summary, usage, examples, details, aliases, kept, handler.__module__)
        for alias in (name, *aliases):
            ALIASES[alias] = name
        return handler

    return register


def lookup(word: str) -> Command | None:
    """The command `word` names (its name or an alias), its module imported if it is not yet."""
    word = word.casefold()
    if word not in ALIASES and word in INDEX:
        importlib.import_module(INDEX[word][1])
    name = ALIASES.get(word)
    return COMMANDS.get(name) if name else None


def canonical(word: str) -> str | None:
    """The name of the command `word` names, without loading it (for "did you mean")."""
    known = INDEX.get(word.casefold())
    return known[0] if known else None


def all_commands() -> list[Command]:
    """Every command, each module imported, in the index's order (help lists them so)."""
    for _name, module in INDEX.values():
        importlib.import_module(module)
    names = dict.fromkeys(name for name, _module in INDEX.values())
    return [COMMANDS[name] for name in names if name in COMMANDS] + [
        c for c in COMMANDS.values() if c.name not in names
    ]


def built_index() -> dict[str, tuple[str, str]]:
    """The index as the command modules themselves say it: every module of the commands package
    imported (its subpackages are what the commands stand on; `_drafts` are not loaded)."""
    for module in pkgutil.iter_modules(commands.__path__):
        if not module.ispkg and not module.name.startswith("_"):
            importlib.import_module(f"commands.{module.name}")
    return {alias.casefold(): (c.name, c.module) for c in COMMANDS.values() for alias in (c.name, *c.aliases)}


def write_index() -> None:
    """commands/core/command_index.py written again from the command modules."""
    path = Path(command_index.__file__)
    head, _, rest = path.read_text(encoding="utf-8").partition("INDEX: dict[str, tuple[str, str]] = {")
    _, _, tail = rest.partition("}\n")
    lines = "".join(
        f"    {json.dumps(word)}: ({json.dumps(name)}, {json.dumps(module)}),\n"
        for word, (name, module) in built_index().items()
    )
    path.write_text(f"{head}INDEX: dict[str, tuple[str, str]] = {{\n{lines}}}\n{tail}", encoding="utf-8")


if __name__ == "__main__":  # run as a script, this file is not the module the commands register in
    from commands.core import registry

    registry.write_index()
