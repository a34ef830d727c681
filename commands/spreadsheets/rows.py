"""Rows of an officers' spreadsheet: which column is which, reading a cell with its line number,
names resolved the way the partnership file resolves them, and what an import did.

A column missing from the sheet leaves that field as it is (officers delete the columns they do
not need); an empty cell in a column that is there means "none".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from commands.core.workspace import Profile
from commands.imports.names import FileNames
from commands.spreadsheets.cells import CellProblem, Line, Problems, read_text, same_text
from storage import boards as board_queries
from storage.people import find_organisation
from storage.tables import Board, Organisation
from storage.writes import create


def header_key(header: str) -> str:
    """ "Due", " due ", "DUE_DATE" → "due", "due date": what a heading says, however typed."""
    return " ".join(header.replace("_", " ").replace("\ufeff", "").split()).casefold()


@dataclass
class Row:
    line: int
    cells: dict[Any, str]  # column key -> the cell as written
    headers: dict[Any, str]  # column key -> the heading as written, for messages
    problems: Problems

    def has(self, key: Any) -> bool:
        return key in self.cells

    def raw(self, key: Any) -> str:
        return self.cells.get(key, "")

    def read(self, key: Any, reader: Callable[[str], Any], default: Any = None) -> Any:
        """The cell read by `reader`; a problem is noted against this line and column, not raised."""
        if key not in self.cells:
            return default
        try:
            return reader(self.cells[key])
        except CellProblem as problem:
            self.problems.add(self.line, self.headers[key], str(problem))
            return default

    def text(self, key: Any, limit: int | None = None) -> str | None:
        text: str | None = self.read(key, lambda raw: read_text(raw, limit))
        return text

    def problem(self, key: Any | None, message: str) -> None:
        self.problems.add(self.line, self.headers.get(key) if key is not None else None, message)

    def existing(
        self,
        ref: int | None,
        by_ref: Callable[[int], Any],
        name: str | None,
        by_name: Callable[[str], Any],
        *,
        kind: str,
        prefix: str,
        name_column: str,
    ) -> Any:
        """The record this row updates: the one its Ref names, else the one with its natural key
        (`name`); None for a new record. `kind` with its article: "an action"."""
        if ref is not None:
            found = by_ref(ref)
            if found is None:
                plural = kind.split(" ", 1)[1] + "s"
                self.problem(
                    "ref",
                    f"{prefix}-{ref} is not {kind} in this database (a sheet from another one? "
                    f"empty its Ref cells to add those rows as new {plural})",
                )
            return found
        if name:
            return by_name(name)
        if not self.raw("ref").strip() and not self.raw(name_column).strip():
            self.problem(
                name_column if self.has(name_column) else None, f"a new {kind.split(' ', 1)[1]} needs a {name_column}"
            )
        return None


def rows_of(lines: list[Line], keys: list[Any], headers: list[str], problems: Problems) -> list[Row]:
    """Each data line as a Row; a line with too few cells, or extra cells with something in them,
    is a problem (Excel pads rows with empty cells, which are harmless)."""
    rows = []
    width = len(keys)
    for line in lines:
        cells = line.cells
        if len(cells) < width or any(cell.strip() for cell in cells[width:]):
            problems.add(
                line.number,
                None,
                f"{len(cells)} cells, but the header row has {width} columns"
                " (a comma in a cell that is not in quotes?)",
            )
            continue
        rows.append(
            Row(line.number, dict(zip(keys, cells, strict=False)), dict(zip(keys, headers, strict=False)), problems)
        )
    return rows


def drop_unchanged_text(record: Any, values: dict[str, Any]) -> None:
    """Leave out text the record already holds but for spacing at its ends or line ends, so a round
    trip rewrites nothing (the sheet's cells are trimmed)."""
    for key in [k for k, v in values.items() if isinstance(v, str)]:
        stored = getattr(record, key)
        if isinstance(stored, str) and stored != values[key] and same_text(stored, values[key]):
            values.pop(key)


def board_named(session: Session, slug: str | None) -> Board | None:
    """The board with this slug; an unknown one is a problem that lists the real ones."""
    if not slug:
        return None
    board = board_queries.board_by_slug(session, slug.strip().casefold())
    if board is None:
        slugs = ", ".join(b.slug for b in board_queries.active_boards(session))
        raise CellProblem(f"unknown board “{slug}” (boards: {slugs})")
    return board


RESEND = "send the sheet again"


class Names:
    """People and organisations named in a sheet, found as the partnership file finds them
    (commands/imports/names.py: with or without "Cllr", "Dr"…, a Slack member by their Slack name)
    and created, once each, when they are new — except roles and groups ("the LSP Manager", "all
    partners") and names that only may be someone ("B McGowan"), which stay as text beside the
    record; the latter are noted for the officer."""

    def __init__(
        self,
        session: Session,
        actor: str,
        source: str | None = None,
        members: Sequence[Profile] = (),
        dry_run: bool = False,
    ):
        # actor: who the audit log says wrote it (the file, or the officer who sent it in Slack);
        # source: where the records came from ("import:actions.csv"); members: the workspace's.
        self.session, self.actor, self.source = session, actor, source or actor
        self.people = FileNames(session, self.actor, members, self.source, dry_run)
        self.new_organisations: list[str] = []

    @property
    def new_people(self) -> list[str]:
        return self.people.new_people

    def person_or_text(self, name: str | None, line: int | None = None) -> tuple[int | None, str | None]:
        person, text = self.people.person_or_text(name, f"line {line}" if line else None)
        return (person.id if person else None), text

    def kept_on(self, name: str | None, ref: str) -> None:
        """The record a name that may be someone was kept on, as written ("A-12")."""
        self.people.kept_on(name, ref)

    def notes(self) -> list[str]:
        return self.people.notes(RESEND)

    def organisation(self, name: str | None) -> int | None:
        if not name:
            return None
        found = find_organisation(self.session, name)
        if found is None:
            found = create(self.session, self.actor, Organisation(name=name, source=self.source))
            self.new_organisations.append(name)
        return found.id


@dataclass
class ImportReport:
    kind: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    notes: list[str] = field(default_factory=list)  # other things written: "2 progress notes added"

    def tally(self, ref: str, new: bool, written: bool) -> None:
        """Count one row: added, changed or left as it was."""
        if new:
            self.added.append(ref)
        elif written:
            self.changed.append(ref)
        else:
            self.unchanged += 1

    def writes(self, names: Names | None = None) -> bool:
        """Whether the import wrote (or, dry, would write) anything."""
        return bool(self.added or self.changed or (names and (names.new_people or names.new_organisations)))

    def summary(self, names: Names | None = None) -> str:
        if not self.writes(names):
            return "\n".join(
                [
                    f"Nothing to change: the database already holds every one of these {self.unchanged} {self.kind}.",
                    *(names.notes() if names else []),
                ]
            )
        parts = []
        if self.added:
            parts.append(f"{len(self.added)} added ({_listed(self.added)})")
        if self.changed:
            parts.append(f"{len(self.changed)} changed ({_listed(self.changed)})")
        parts.append(f"{self.unchanged} unchanged")
        lines = [f"{self.kind.capitalize()}: " + ", ".join(parts) + "."]
        lines += self.notes
        if names and names.new_people:
            lines.append(f"New people: {_listed(names.new_people)}.")
        if names and names.new_organisations:
            lines.append(f"New organisations: {_listed(names.new_organisations)}.")
        return "\n".join(lines + (names.notes() if names else []))


def _listed(items: list[str], limit: int = 12) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")
