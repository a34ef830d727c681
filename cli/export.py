"""`forum export KIND --csv FILE`: the partnership's actions, indicators or consultations as a spreadsheet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cli.engine import open_engine
from settings import Settings


@click.command()
@click.argument("kind", type=click.Choice(["actions", "indicators", "consultations"], case_sensitive=False))
@click.option(
    "--csv",
    "csv_file",
    required=True,
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True, path_type=Path, allow_dash=True),
    help="Where to write the spreadsheet (- for standard output).",
)
@click.pass_obj
def export(settings: Settings, kind: str, csv_file: Path) -> None:
    """Write every action, indicator or consultation as a CSV file Excel opens; edit it and
    `forum import FILE.csv` it back."""
    from commands.spreadsheets.files import export_csv

    data, count = export_csv(open_engine(settings), settings.tz, kind.casefold())
    if str(csv_file) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    partial = csv_file.with_name(csv_file.name + ".part")  # a failed write never leaves half a sheet
    try:
        partial.write_bytes(data)
        partial.replace(csv_file)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"could not write {csv_file}: {error.strerror}") from None
    click.echo(f"Wrote {count} {kind.casefold()} to {csv_file}.", err=True)
