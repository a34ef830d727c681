"""`forum import FILE`: a partnership file (.yaml), a spreadsheet (.csv) or a paper (.txt, .md, .docx,
.pdf, .html), told apart as a file sent to the bot in Slack is; all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from sqlalchemy import Engine

from cli.engine import open_engine
from settings import Settings
from templates import render_text

if TYPE_CHECKING:
    from commands.imports.papers.build import Choices


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would be imported, and write nothing.")
@click.option("--board", metavar="SLUG", help="Papers: the board the paper is for, if its heading does not say.")
@click.option("--new-board", metavar="NAME", help="Papers: create this board for the paper (a dry run proposes one).")
@click.option(
    "--person",
    "people",
    metavar="WRITTEN=NAME",
    multiple=True,
    help='Papers: who a name the reader is unsure of is, e.g. --person "B McGowan=Bren McGowan" '
    '(or "=new", "=unlinked").',
)
@click.pass_obj
def import_file(
    settings: Settings,
    file: Path,
    dry_run: bool,
    board: str | None,
    new_board: str | None = None,
    people: tuple[str, ...] = (),
) -> None:
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
        import_paper_file(settings, open_engine(settings), file, dry_run, board, new_board, people)
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


def _choices(engine: Engine, board: str | None, new_board: str | None, people: tuple[str, ...]) -> Choices:
    """The officer's choices, as the Review form makes them in Slack."""
    from commands.imports.papers.build import Choices
    from commands.setup import slug_for
    from storage.db import read_only
    from storage.people import find_person

    choices = Choices(board=board)
    if new_board:
        if board:
            raise click.ClickException("Give --board or --new-board, not both. Nothing was imported.")
        choices.new_board = {"name": new_board.strip(), "slug": slug_for(new_board), "parent": None}
    with read_only(engine) as session:
        for given in people:
            written, _, name = given.partition("=")
            written, name = written.strip(), name.strip()
            if not written or not name:
                raise click.ClickException(f'--person "{given}": write it as "B McGowan=Bren McGowan".')
            if name.casefold() in {"new", "unlinked"}:
                choices.people[written] = name.casefold()
                continue
            person = find_person(session, name)
            if person is None:
                raise click.ClickException(
                    f'--person "{given}": I know nobody called {name} (use "{written}=new" for someone new). '
                    "Nothing was imported."
                )
            choices.people[written] = f"p:{person.id}"
    return choices


def import_paper_file(
    settings: Settings,
    engine: Engine,
    file: Path,
    dry_run: bool,
    board: str | None,
    new_board: str | None = None,
    people: tuple[str, ...] = (),
) -> None:
    from commands.core.partnership import zone
    from commands.imports.papers.importer import import_paper, preview
    from commands.imports.papers.text import MAX_BYTES

    size = file.stat().st_size
    if size > MAX_BYTES:  # refused before reading it into memory
        raise click.ClickException(
            f"{file.name} is {size / 1024 / 1024:.1f} MB; papers up to "
            f"{MAX_BYTES // 1024 // 1024} MB can be imported. Nothing was imported."
        )
    data = file.read_bytes()
    tz = zone(engine, settings)  # the partnership's own time zone wins over FORUM_TIMEZONE (issue 15)
    choices = _choices(engine, board, new_board, people)
    if dry_run:
        reply = preview(engine, tz, file.name, data, board, choices)
    else:
        # click 8.5 deprecated get_text_stream behind a module __getattr__ typed as returning object
        stderr = click.get_text_stream("stderr")  # type: ignore[operator, unused-ignore]
        with click.progressbar(length=1, label=f"Importing {file.name}", file=stderr) as bar:

            def progress(done: int, total: int, what: str) -> None:
                bar.length = total
                bar.update(done - bar.pos)

            reply = import_paper(engine, tz, file.name, data, board, f"import:{file.name}", progress, choices=choices)
    if not reply.ok:
        raise click.ClickException(render_text(reply))
    click.echo(render_text(reply))
