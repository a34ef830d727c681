"""`forum db upgrade`: database housekeeping."""

from __future__ import annotations

import click

from cli.engine import open_engine
from settings import Settings


@click.group()
def db() -> None:
    """Database housekeeping."""


@db.command()
@click.pass_obj
def upgrade(settings: Settings) -> None:
    """Apply any pending migrations."""
    open_engine(settings)
    click.echo("The database is up to date.")
