"""`forum import PAPER [--dry-run] [--board SLUG]`: a paper from the terminal, with progress."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import Engine

from commands.papers.importer import import_paper, preview
from commands.papers.text import MAX_BYTES
from settings import Settings
from templates import render_text


def import_paper_file(settings: Settings, engine: Engine, file: Path, dry_run: bool, board: str | None) -> None:
    size = file.stat().st_size
    if size > MAX_BYTES:  # refused before reading it into memory
        raise click.ClickException(f"{file.name} is {size / 1024 / 1024:.1f} MB; papers up to "
                                   f"{MAX_BYTES // 1024 // 1024} MB can be imported. Nothing was imported.")
    data = file.read_bytes()
    if dry_run:
        reply = preview(engine, settings.tz, file.name, data, board)
    else:
        with click.progressbar(length=1, label=f"Importing {file.name}", file=click.get_text_stream("stderr")) as bar:
            def progress(done: int, total: int, what: str) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            reply = import_paper(engine, settings.tz, file.name, data, board, f"import:{file.name}", progress)
    if not reply.ok:
        raise click.ClickException(render_text(reply))
    click.echo(render_text(reply))
