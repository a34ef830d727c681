"""`forum demo`: load the demo partnership."""

from __future__ import annotations

import click

from cli.engine import load_demo, open_engine
from settings import Settings


@click.command()
@click.pass_obj
def demo(settings: Settings) -> None:
    """Load the demo partnership (the Luton Forum, dates moved to the present)."""
    click.echo(load_demo(open_engine(settings), settings))
