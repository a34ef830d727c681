"""`forum`: run the bot, its console, and its housekeeping commands; one module per verb.

With no subcommand it does what a newcomer wants: bring the database up to date, load the demo
partnership into an empty database, then serve Slack if credentials are set, else open the console.
"""

from __future__ import annotations

import logging

import click

from cli import admin, console, db, demo, draft, export, imports, jobs, serve
from settings import Settings


@click.group(invoke_without_command=True)
@click.option("-v", "--verbose", is_flag=True, help="Log what the bot does.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Forum bot: the partnership's meetings, actions, indicators and consultations, in Slack."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    ctx.obj = Settings()
    if ctx.invoked_subcommand is None:
        ctx.invoke(serve.start)


for verb in (
    serve.start,
    serve.serve,
    console.console,
    console.ask,
    imports.import_file,
    export.export,
    draft.draft,
    demo.demo,
    admin.admin,
    db.db,
    jobs.jobs,
):
    cli.add_command(verb)


def main() -> None:
    cli(prog_name="forum")
