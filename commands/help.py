"""`help` and `help COMMAND`."""

from __future__ import annotations

from commands.core.context import Context
from commands.core.registry import all_commands, command, lookup
from commands.core.reply import Reply, message


@command(
    "help",
    kept=True,
    aliases=("?", "commands", "h"),
    summary="What I can do, with an example of each",
    usage="help [command]",
    examples=("help", "help next-meeting"),
)
def help_command(ctx: Context, words: str) -> Reply:
    if words:
        wanted = lookup(words.split()[0].lstrip("/"))
        if wanted is None:
            shown = words if len(words) <= 40 else words[:40] + "…"
            return message(f"There is no command “{shown}”.", "`/forum help` lists them all.")
        return Reply(
            "help_command",
            {
                "name": wanted.name,
                "summary": wanted.summary,
                "usage": wanted.usage,
                "examples": list(wanted.examples),
                "details": wanted.details,
                "aliases": list(wanted.aliases),
            },
        )
    return Reply(
        "help",
        {
            "commands": [
                {"name": c.name, "summary": c.summary, "usage": c.usage, "example": c.examples[0]}
                for c in sorted(all_commands(), key=lambda c: c.name == "help")
            ]
        },
    )
