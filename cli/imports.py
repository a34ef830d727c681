"""`forum import FILE`: a partnership file (.yaml), a spreadsheet (.csv) or a paper (.txt, .md, .docx,
.pdf, .html), told apart as a file sent to the bot in Slack is; all or nothing."""

from __future__ import annotations

from pathlib import Path

import click
from sqlalchemy import Engine

from cli.engine import open_engine
from settings import Settings
from templates import render_text


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be imported, and write nothing.")
@click.option("--board", metavar="SLUG", help="Papers: the board the paper is for, if its heading does not say.")
@click.pass_obj
def import_file(settings: Settings, file: Path, dry_run: bool, board: str | None) -> None:
    """Load a partnership file (YAML), a spreadsheet of actions, indicators or consultations (.csv),
    or a paper (.txt, .md, .docx, .pdf, .html: agenda pack, minutes, reports); all or nothing, and loading
    it twice changes nothing."""
    from commands.imports.partnership_file import PartnershipFileError, check_size
    from commands.imports.uploads import PAPER, SPREADSHEET, kind_of, load_partnership_file

    kind = kind_of(file.name)  # the same dispatch as a file sent to the bot in Slack
    if kind == SPREADSHEET:
        import_csv_file(settings, file, dry_run)
        return
    if kind == PAPER:
        import_paper_file(settings, open_engine(settings), file, dry_run, board)
        return
    try:
        check_size(file.stat().st_size)  # refused before it is read into memory
        report, _ = load_partnership_file(
            open_engine(settings), settings.tz, file.read_bytes(), f"import:{file.name}", commit=not dry_run
        )
    except PartnershipFileError as error:
        raise click.ClickException(f"{file.name}: nothing was imported.\n{error}") from None
    click.echo(("Dry run, nothing was written. " if dry_run else "") + report.summary())


def import_csv_file(settings: Settings, file: Path, dry_run: bool = False) -> None:
    """`forum import FILE.csv [--dry-run]`: all or nothing, every problem with its line."""
    from commands.spreadsheets.files import SpreadsheetError, import_csv

    try:
        summary = import_csv(open_engine(settings), settings.tz, file.name, file.read_bytes(), dry_run=dry_run)
    except SpreadsheetError as error:
        raise click.ClickException(f"{file.name}: nothing was imported.\n{error}") from None
    click.echo(("Dry run, nothing was written. " if dry_run else "") + summary)


def import_paper_file(settings: Settings, engine: Engine, file: Path, dry_run: bool, board: str | None) -> None:
    from commands.imports.papers.importer import import_paper, preview
    from commands.imports.papers.text import MAX_BYTES

    size = file.stat().st_size
    if size > MAX_BYTES:  # refused before reading it into memory
        raise click.ClickException(
            f"{file.name} is {size / 1024 / 1024:.1f} MB; papers up to "
            f"{MAX_BYTES // 1024 // 1024} MB can be imported. Nothing was imported."
        )
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
