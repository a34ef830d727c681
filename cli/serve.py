"""`forum start` (the default) and `forum serve`: Slack over HTTP or Socket Mode, or the console."""

from __future__ import annotations

import click
from sqlalchemy import Engine

from cli.engine import is_empty, load_demo, open_engine
from settings import Settings


@click.command()
@click.pass_obj
def start(settings: Settings) -> None:
    """Upgrade the database, load the demo if it is empty, then serve Slack or open the console."""
    engine = open_engine(settings)
    if is_empty(engine):
        click.echo(f"Empty database: loading the demo partnership. {load_demo(engine, settings)}", err=True)
    if settings.has_slack_credentials:
        serve_slack(settings, engine, port=3000)
    else:
        from cli.console import run

        click.echo(
            "No Slack credentials set (SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET or SLACK_APP_TOKEN): console mode.",
            err=True,
        )
        run(engine, settings)


@click.command()
@click.option("--port", default=3000, show_default=True, help="HTTP port for /slack/events.")
@click.option("--host", default="0.0.0.0", show_default=True)
@click.pass_obj
def serve(settings: Settings, port: int, host: str) -> None:
    """Serve Slack: HTTP on /slack/events, or Socket Mode when SLACK_APP_TOKEN is set."""
    serve_slack(settings, open_engine(settings), port=port, host=host)


def serve_slack(settings: Settings, engine: Engine, port: int, host: str = "0.0.0.0") -> None:
    from bot.scheduler import start_scheduler
    from bot.slack_app import create_app

    if not settings.slack_bot_token:
        raise click.ClickException("SLACK_BOT_TOKEN is not set.")
    if not settings.public_url:
        click.echo(
            "FORUM_PUBLIC_URL is not set: no calendar links or charts are posted "
            "(set it to the address where people reach this bot, e.g. https://forum.example.org).",
            err=True,
        )
    start_scheduler(engine, settings)  # reminders: one background job sweeping every minute
    if settings.slack_app_token:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        click.echo("Connecting to Slack in Socket Mode.", err=True)
        SocketModeHandler(create_app(settings, engine), settings.slack_app_token).start()  # type: ignore[no-untyped-call]  # bolt's adapter is untyped
        return
    if not settings.slack_signing_secret:
        raise click.ClickException("SLACK_SIGNING_SECRET is not set (or set SLACK_APP_TOKEN for Socket Mode).")
    from waitress import serve as waitress_serve

    from bot.http import create_wsgi

    click.echo(f"Serving Slack on http://{host}:{port}/slack/events", err=True)
    waitress_serve(
        create_wsgi(create_app(settings, engine), engine, settings), host=host, port=port, threads=8, ident="forum-bot"
    )
