"""`forum`: run the bot, its console, and its housekeeping commands.

With no subcommand it does what a newcomer wants: bring the database up to date, load the demo
partnership into an empty database, then serve Slack if credentials are set, else open the console.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click
from sqlalchemy import Engine, func, select

from settings import Settings


def _engine(settings: Settings) -> Engine:
    from storage.db import make_engine, upgrade

    engine = make_engine(settings.database_url)
    upgrade(engine)  # an empty database is upgraded on first start; a current one is untouched
    return engine


def _is_empty(engine: Engine) -> bool:
    from storage.tables import Board

    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(Board)).scalar_one() == 0


def _load_demo(engine: Engine, settings: Settings) -> str:
    from commands.demo import demo_partnership
    from commands.load_partnership import load
    from storage.db import transaction
    from storage.types import utcnow

    today = utcnow().astimezone(settings.tz).date()
    with transaction(engine) as session:
        return load(session, demo_partnership(today), "demo", settings.tz).summary()


@click.group(invoke_without_command=True)
@click.option("-v", "--verbose", is_flag=True, help="Log what the bot does.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Forum bot: the partnership's meetings, actions, indicators and consultations, in Slack."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ctx.obj = Settings()
    if ctx.invoked_subcommand is None:
        ctx.invoke(start)


@cli.command()
@click.pass_obj
def start(settings: Settings) -> None:
    """Upgrade the database, load the demo if it is empty, then serve Slack or open the console."""
    engine = _engine(settings)
    if _is_empty(engine):
        click.echo(f"Empty database: loading the demo partnership. {_load_demo(engine, settings)}", err=True)
    if settings.has_slack_credentials:
        _serve(settings, engine, port=3000)
    else:
        from bot.console import run

        click.echo("No Slack credentials set (SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN): "
                   "console mode.", err=True)
        run(engine, settings)


@cli.command()
@click.option("--port", default=3000, show_default=True, help="HTTP port for /slack/events.")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.pass_obj
def serve(settings: Settings, port: int, host: str) -> None:
    """Serve Slack: HTTP on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set."""
    _serve(settings, _engine(settings), port=port, host=host)


def _serve(settings: Settings, engine: Engine, port: int, host: str = "0.0.0.0") -> None:
    from bot.app import create_app

    if not settings.slack_bot_token:
        raise click.ClickException("SLACK_BOT_TOKEN is not set.")
    from bot.scheduler import start_scheduler

    start_scheduler(engine, settings)  # reminders: one background job sweeping every minute (issue 6)
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        click.echo("Connecting to Slack in Socket Mode.", err=True)
        SocketModeHandler(create_app(settings, engine), settings.slack_app_token).start()
        return
    if not settings.slack_signing_secret:
        raise click.ClickException("SLACK_SIGNING_SECRET is not set (or set SLACK_APP_TOKEN for Socket Mode).")
    from waitress import serve as waitress_serve

    from bot.http import create_wsgi

    click.echo(f"Serving Slack on http://{host}:{port}/slack/events", err=True)
    waitress_serve(create_wsgi(create_app(settings, engine), engine, settings), host=host, port=port, threads=8,
                   ident="forum-bot")


@cli.command()
@click.option("--as", "as_user", metavar="SLACK_USER_ID", help="Answer as this Slack user (default: an admin).")
@click.pass_obj
def console(settings: Settings, as_user: str | None) -> None:
    """A prompt that takes the same text as /forum."""
    from bot.console import run

    run(_engine(settings), settings, as_user)


@cli.command()
@click.argument("text")
@click.option("--as", "as_user", metavar="SLACK_USER_ID", help="Answer as this Slack user (default: an admin).")
@click.pass_obj
def ask(settings: Settings, text: str, as_user: str | None) -> None:
    """Answer one command, e.g. forum ask "next-meeting", and exit."""
    from bot.console import answer

    click.echo(answer(_engine(settings), settings, text, as_user))


@cli.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be imported, and write nothing.")
@click.option("--board", metavar="SLUG", help="Papers: the board the paper is for, if its heading does not say.")
@click.pass_obj
def import_file(settings: Settings, file: Path, dry_run: bool, board: str | None) -> None:
    """Load a partnership file (YAML), a spreadsheet of actions, indicators or consultations (.csv),
    or a paper (.txt, .md, .docx, .pdf: agenda pack, minutes, reports); all or nothing, and loading
    it twice changes nothing."""
    from commands.partnership_file import PartnershipFileError
    from commands.uploads import PAPER, SPREADSHEET, kind_of, load_partnership_file

    kind = kind_of(file.name)  # the same dispatch as a file sent to the bot in Slack
    if kind == SPREADSHEET:
        from bot.spreadsheet_cli import import_csv_file  # issue 4: officers' spreadsheets

        import_csv_file(settings, file, dry_run)
        return
    if kind == PAPER:
        from bot.paper_cli import import_paper_file  # issue 5: papers

        import_paper_file(settings, _engine(settings), file, dry_run, board)
        return
    try:
        report, _ = load_partnership_file(_engine(settings), settings.tz, file.read_bytes(), f"import:{file.name}",
                                          commit=not dry_run)
    except PartnershipFileError as error:
        raise click.ClickException(f"{file.name}: nothing was imported.\n{error}") from None
    click.echo(("Dry run, nothing was written. " if dry_run else "") + report.summary())


@cli.command()
@click.pass_obj
def demo(settings: Settings) -> None:
    """Load the demo partnership (the Luton Forum, dates moved to the present)."""
    click.echo(_load_demo(_engine(settings), settings))


@cli.group()
def admin() -> None:
    """People and roles."""


@admin.command(name="grant")
@click.argument("slack_user_id")
@click.argument("role", type=click.Choice(["member", "officer", "chair", "admin"], case_sensitive=False))
@click.option("--name", help="Link this Slack user to the person of this name (created if unknown).")
@click.pass_obj
def admin_grant(settings: Settings, slack_user_id: str, role: str, name: str | None) -> None:
    """Give a Slack user a role, e.g. forum admin grant U0BREN001 admin --name "Bren McGowan"."""
    from commands.context import Context
    from commands.roles import grant_from_cli
    from templates import render_text

    reply = grant_from_cli(Context(engine=_engine(settings), settings=settings, surface="console"),
                           slack_user_id, role, name)
    if not reply.ok:
        raise click.ClickException(render_text(reply))
    click.echo(render_text(reply))


@cli.group()
def db() -> None:
    """Database housekeeping."""


@db.command()
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Apply any pending migrations."""
    _engine(settings)
    click.echo("The database is up to date.")


from bot.jobs import jobs  # noqa: E402  (forum jobs preview | run-due | log)

cli.add_command(jobs)

from bot.spreadsheet_cli import export  # noqa: E402  (forum export actions|indicators|consultations --csv FILE)

cli.add_command(export)


def main() -> None:
    cli(prog_name="forum")


if __name__ == "__main__":
    sys.exit(main())
