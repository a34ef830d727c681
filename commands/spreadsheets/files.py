"""`forum export actions|indicators|consultations --csv FILE` and `forum import FILE.csv`: the
partnership's actions, indicators and consultations as spreadsheets officers keep in Excel.

An exported file imports back without loss, and importing it unchanged writes nothing. The kind
of sheet is told by its header row. Every row is checked before anything is written; a bad one is
reported with its line and column, and then nothing is written at all. What is written goes
through storage.writes, audited as "import:FILE.csv" (or as the officer who sent it in Slack).
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from commands.core.workspace import Profile
from commands.spreadsheets import actions as spreadsheet_actions
from commands.spreadsheets import consultations as spreadsheet_consultations
from commands.spreadsheets import indicators as spreadsheet_indicators
from commands.spreadsheets.cells import Line, Problems, SpreadsheetError, decode, read_rows, write_rows
from commands.spreadsheets.rows import Names, header_key, rows_of
from storage.db import read_only, transaction

KINDS: dict[str, ModuleType] = {
    "actions": spreadsheet_actions,
    "indicators": spreadsheet_indicators,
    "consultations": spreadsheet_consultations,
}

__all__ = ["KINDS", "SpreadsheetError", "export_csv", "import_csv", "import_sheet"]


def export_csv(engine: Engine, tz: ZoneInfo, kind: str) -> tuple[bytes, int]:
    """The sheet as bytes to save, and how many records are in it."""
    with read_only(engine) as session:
        rows = KINDS[kind].export(session, tz)
    return write_rows(rows), len(rows) - 1


def _columns_of(module: ModuleType) -> str:
    return ", ".join(module.HEADERS.values()) + (
        ", Target 2009/10…, Reading 2009/10 Q2…" if module is spreadsheet_indicators else ""
    )


def recognise(header: Line) -> tuple[ModuleType, list[Any], list[str]]:
    """Which kind of sheet this is, from its header row, and each column's key."""
    headings = list(header.cells)
    while headings and not headings[-1].strip():
        headings.pop()  # Excel pads a row with empty cells
    normalised = [header_key(h) for h in headings]
    if not all(normalised):
        raise SpreadsheetError(f"line {header.number}: column {normalised.index('') + 1} has no heading")
    fitting, best = [], None
    for module in KINDS.values():
        keys = [module.column_key(h) for h in normalised]
        unknown = [h for h, key in zip(headings, keys, strict=False) if key is None]
        if not any(key in keys for key in module.IDENTITY):
            continue
        if not unknown:
            fitting.append((module, keys))
        elif best is None or len(unknown) < len(best[1]):
            best = (module, unknown)
    if len(fitting) > 1:
        raise SpreadsheetError(
            f"line {header.number}: these columns could be {' or '.join(m.KIND for m, _ in fitting)}; "
            "add the Description column (actions) or the Title column (consultations)"
        )
    if not fitting:
        if best is not None:
            module, unknown = best
            listed = ", ".join(f"“{h.strip()}”" for h in unknown)
            raise SpreadsheetError(
                f"line {header.number}: unknown column{'s' if len(unknown) > 1 else ''} {listed} "
                f"in a sheet of {module.KIND}, whose columns are {_columns_of(module)}"
            )
        raise SpreadsheetError(
            f"line {header.number}: the first row should name the columns, like "
            + "; or ".join(f"{m.KIND}: {_columns_of(m)}" for m in KINDS.values())
        )
    module, keys = fitting[0]
    repeated = sorted({h.strip() for h, key in zip(headings, keys, strict=False) if keys.count(key) > 1})
    if repeated:
        raise SpreadsheetError(f"line {header.number}: the column “{repeated[0]}” is there twice")
    return module, keys, [h.strip() for h in headings]


def import_csv(
    engine: Engine, tz: ZoneInfo, name: str, data: bytes, dry_run: bool = False, actor: str | None = None
) -> str:
    """Import a sheet, all or nothing; what was done (or, dry, would be), in words. Raises
    SpreadsheetError."""
    return import_sheet(engine, tz, name, data, dry_run, actor)[0]


def import_sheet(
    engine: Engine,
    tz: ZoneInfo,
    name: str,
    data: bytes,
    dry_run: bool = False,
    actor: str | None = None,
    members: Sequence[Profile] = (),
) -> tuple[str, bool]:
    """import_csv's words, and whether anything was (or, dry, would be) written. The audit log
    names `actor` (the officer who sent the sheet in Slack) or else the file; the records' source
    is the file either way. `members`: the workspace's (sent in Slack), whom names may mean.
    Raises SpreadsheetError."""
    lines = read_rows(decode(data))
    if lines and [c.strip().casefold() for c in lines[0].cells] == ["sep=,"]:
        lines = lines[1:]  # Excel's hint line naming the separator
    if not lines:
        raise SpreadsheetError("the file is empty: it needs a header row naming the columns")
    module, keys, headings = recognise(lines[0])
    problems = Problems()
    rows = rows_of(lines[1:], keys, headings, problems)
    if not rows and not problems.lines:
        return f"The sheet of {module.KIND} has no rows under its header; nothing to import.", False
    with (read_only if dry_run else transaction)(engine) as session:  # read_only rolls back
        source = f"import:{name}"[:300]
        names = Names(session, (actor or source)[:100], source, members, dry_run)
        report = module.import_rows(session, rows, names, tz, problems)
        problems.raise_if_any()  # (import_rows has already raised for any problem; never write past one)
    return report.summary(names), report.writes(names)
