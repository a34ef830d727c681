"""`forum admin grant`: the first admin, for deployments where nobody can yet grant roles in Slack."""

from __future__ import annotations

import click

from cli.engine import open_engine
from settings import Settings


@click.group()
def admin() -> None:
    """People and roles."""


@admin.command(name="grant")
@click.argument("slack_user_id")
@click.argument("role", type=click.Choice(["member", "officer", "chair", "admin"], case_sensitive=False))
@click.option("--name", help="Link this Slack user to the person of this name (created if unknown).")
@click.pass_obj
def grant(settings: Settings, slack_user_id: str, role: str, name: str | None) -> None:
    """Give a Slack user a role, e.g. forum admin grant U0BREN001 admin --name "Bren McGowan"."""
    from commands.core.context import Context
    from commands.roles import grant_from_cli
    from templates import render_text

    reply = grant_from_cli(
        Context(engine=open_engine(settings), settings=settings, surface="console"), slack_user_id, role, name
    )
    if not reply.ok:
        raise click.ClickException(render_text(reply))
    click.echo(render_text(reply))
