"""`forum`: run the bot, its console, and its housekeeping commands; one module per verb.

With no subcommand it does what a newcomer wants: bring the database up to date, load the demo
partnership into an empty database, then serve Slack if credentials are set, else open the console.
"""

from __future__ import annotations

import gc
import importlib
import logging

import click

from settings import Settings

# Each verb, and where it lives: imported only when it is run (or `--help` lists it), so that
# `forum ask` does not load the server, nor `forum serve` the console.
VERBS = {
    "start": "cli.serve:start",
    "serve": "cli.serve:serve",
    "console": "cli.console:console",
    "ask": "cli.console:ask",
    "import": "cli.imports:import_file",
    "export": "cli.export:export",
    "draft": "cli.draft:draft",
    "demo": "cli.demo:demo",
    "admin": "cli.admin:admin",
    "db": "cli.db:db",
    "jobs": "cli.jobs:jobs",
}


class _Verbs(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(VERBS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in VERBS:
            return None
        module, _, name = VERBS[cmd_name].partition(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command) and command.name == cmd_name, VERBS[cmd_name]
        _started()
        return command


def _started() -> None:
    """The verb's modules are loaded: what they built stays for the life of the process, so the
    collector leaves it be from now on (and at exit), and is turned on again (app.py turned it off)."""
    gc.freeze()
    gc.enable()


@click.group(cls=_Verbs, invoke_without_command=True)
@click.option("-v", "--verbose", is_flag=True, help="Log what the bot does.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Forum bot: the partnership's meetings, actions, indicators and consultations, in Slack."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    ctx.obj = Settings()
    if ctx.invoked_subcommand is None:
        from cli.serve import start

        _started()
        ctx.invoke(start)


def main() -> None:
    cli(prog_name="forum")
