"""A file an officer sends the bot (issue 4): a paper, a partnership file or a spreadsheet, told
apart by its extension — `.yaml`/`.yml` a partnership file, `.csv` a spreadsheet, anything else a
paper (whose reader names the kinds it takes).

`preview_upload` is the dry run: the file is loaded into a transaction that is rolled back, so it
says exactly what an import would write; `import_upload` does the same and commits — all of it, or
nothing. A bad file is refused with its problem (entry and field, or line and column), and nothing
is written. No Slack here: the listener fetches the bytes and posts the Reply.
"""

from __future__ import annotations

from pathlib import PurePath
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from commands.core.context import Context
from commands.core.permissions import EDITORS, check
from commands.core.reply import Reply, refusal
from commands.imports.load_partnership import LoadReport, load
from commands.imports.papers.importer import import_paper, preview
from commands.imports.papers.text import EXTENSIONS as PAPER_EXTENSIONS
from commands.imports.papers.text import MAX_BYTES
from commands.imports.partnership_file import PartnershipFile, PartnershipFileError, parse
from commands.spreadsheets.files import SpreadsheetError, import_sheet
from storage import boards as board_queries
from storage.db import read_only, transaction

PARTNERSHIP_FILE, SPREADSHEET, PAPER = "partnership file", "spreadsheet", "paper"
_BY_EXTENSION = {".yaml": PARTNERSHIP_FILE, ".yml": PARTNERSHIP_FILE, ".csv": SPREADSHEET}
IMPORT_TEMPLATES = frozenset({"paper_import", "file_import"})  # the dry runs that can offer *Import*
NOTHING = "Nothing was imported."


def kind_of(name: str) -> str:
    return _BY_EXTENSION.get(PurePath(name).suffix.casefold(), PAPER)


def kinds_of(name: str) -> str:
    """ "papers", "partnership files", "spreadsheets": for "… up to 5 MB can be imported"."""
    return kind_of(name) + "s"


def preview_upload(engine: Engine, tz: ZoneInfo, name: str, data: bytes, board: str | None = None) -> Reply:
    return _run(engine, tz, name, data, board, actor="dry-run", commit=False)


def import_upload(engine: Engine, tz: ZoneInfo, name: str, data: bytes, board: str | None, actor: str) -> Reply:
    return _run(engine, tz, name, data, board, actor=actor[:100], commit=True)


def _run(engine: Engine, tz: ZoneInfo, name: str, data: bytes, board: str | None, actor: str, commit: bool) -> Reply:
    name = PurePath(name).name or "file"
    kind = kind_of(name)
    if kind == PAPER and PurePath(name).suffix.casefold() not in PAPER_EXTENSIONS:
        return refusal(
            f"{name}: I can import papers ({', '.join(PAPER_EXTENSIONS)}), partnership files (.yaml) and "
            "spreadsheets (.csv: in Excel, Save As “CSV UTF-8”).",
            NOTHING,
        )
    if kind == PAPER:
        return import_paper(engine, tz, name, data, board, actor) if commit else preview(engine, tz, name, data, board)
    if len(data) > MAX_BYTES:
        return refusal(
            f"{name} is {len(data) / 1024 / 1024:.1f} MB; {kind}s up to {MAX_BYTES // 1024 // 1024} MB "
            "can be imported.",
            NOTHING,
        )
    found = None
    if kind == SPREADSHEET:
        try:
            changes, writes = import_sheet(engine, tz, name, data, dry_run=not commit, actor=actor if commit else None)
        except SpreadsheetError as error:
            return refusal(f"{name}: {error}", NOTHING)
    else:
        try:
            report, partnership = load_partnership_file(engine, tz, data, actor, commit)
        except PartnershipFileError as error:
            return refusal(f"{name}: {error}", NOTHING)
        changes, writes, found = report.summary(), bool(report.written), _found(partnership)
    return Reply(
        "file_import",
        {"file": name, "kind": kind, "dry_run": not commit, "found": found, "changes": changes, "writes": writes},
    )


def load_partnership_file(
    engine: Engine, tz: ZoneInfo, data: bytes, actor: str, commit: bool
) -> tuple[LoadReport, PartnershipFile]:
    """Load a partnership file (YAML bytes) in one transaction, committed or (a dry run) rolled back;
    what was (or would be) written. Raises PartnershipFileError naming the entry and field."""
    partnership = parse(_text(data))
    with (transaction if commit else read_only)(engine) as session:  # read_only rolls back
        return load(session, partnership, actor, tz), partnership


def _text(data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise PartnershipFileError("this is not a text file (it looks like a binary file)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PartnershipFileError("this is not a text (UTF-8) file") from None


def _found(data: PartnershipFile) -> str | None:
    """ "2 meetings, 1 agenda item, 1 action": what the file holds, whatever is already in the database."""
    counts = {
        "organisation": len(data.organisations),
        "person": len(data.people),
        "board": len(data.boards),
        "meeting": len(data.meetings),
        "agenda item": sum(len(m.agenda) for m in data.meetings),
        "attendance": sum(len(m.attendance) for m in data.meetings),
        "minute": sum(len(m.minutes) for m in data.meetings),
        "action": len(data.actions),
        "consultation": len(data.consultations),
        "indicator": len(data.indicators),
    }
    plural = {"person": "people", "attendance": "attendance"}
    parts = [f"{n} {word if n == 1 else plural.get(word, word + 's')}" for word, n in counts.items() if n]
    return ", ".join(parts) or None


def board_named(engine: Engine, words: str) -> str | None:
    """A board named in the message that came with the file ("minutes of the safer board")."""
    if not words.strip():
        return None
    with read_only(engine) as session:
        boards = board_queries.active_boards(session)
        lowered = words.casefold()
        named = [b for b in boards if b.slug in lowered.split() or b.name.casefold() in lowered]
        return named[0].slug if len(named) == 1 else None


def import_refused(engine: Engine, ctx: Context) -> Reply | None:
    """Why this caller may not import files (officers and admins may), or None."""
    with read_only(engine) as session:
        return check(session, ctx, EDITORS, "import papers, spreadsheets or partnership files")
