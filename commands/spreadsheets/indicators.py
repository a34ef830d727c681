"""Indicators as a spreadsheet, shaped like the LAA tables officers already keep: one row per
indicator, then a column per target year ("Target 2009/10") and per reading ("Reading 2009/10 Q2").

Code is the key (NI 15, ni15 and NI 0015 are one indicator). An empty figure in a period column
that is there withdraws that figure (archived, never deleted; writing it again brings it back); a
period column left out of the sheet leaves its figures alone, so a sheet of just Code and
"Reading 2010/11 Q3" records a quarter's readings (or "Reading 2010/11 M01", April's). Partners are
separated by semicolons. Frequency (monthly, quarterly, annual), Due days (after a period ends) and
Contact (the person chased for its readings) are how the reading is chased (readings_due.py).
"""

from __future__ import annotations

import re
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from sqlmodel import Session

from commands.core.indicator_lookup import code_order
from commands.core.rag import period_key
from commands.core.readings_due import MAX_DUE_DAYS
from commands.core.reporting_periods import frequency_named
from commands.imports.load_partnership import normalise_indicator_code
from commands.spreadsheets.cells import (
    CellProblem,
    Problems,
    guard,
    read_choice,
    read_number,
    read_text,
    read_yes_no,
    words_for,
    write_number,
)
from commands.spreadsheets.rows import ImportReport, Names, Row, board_named, drop_unchanged_text
from storage import indicators as indicator_queries
from storage import spreadsheets as sheet_queries
from storage.tables import Indicator, IndicatorReading, IndicatorTarget, Organisation, Person
from storage.types import Direction, utcnow
from storage.writes import change, create

KIND = "indicators"
HEADERS = {
    "code": "Code",
    "title": "Title",
    "unit": "Unit",
    "direction": "Direction",
    "baseline": "Baseline",
    "baseline_period": "Baseline period",
    "board": "Board",
    "lead": "Lead",
    "partners": "Partners",
    "illustrative": "Illustrative",
    "note": "Note",
    "frequency": "Frequency",
    "reading_due_days": "Due days",
    "contact": "Contact",
}
ALIASES = {
    "indicator": "code",
    "ref": "code",
    "lead partner": "lead",
    "notes": "note",
    "better": "direction",
    "collection frequency": "frequency",
    "reading due days": "reading_due_days",
    "days until due": "reading_due_days",
    "contact name": "contact",
}
IDENTITY = ("code",)
FIGURES: dict[str, type[IndicatorTarget] | type[IndicatorReading]] = {
    "target": IndicatorTarget,
    "reading": IndicatorReading,
}
DIRECTIONS = words_for([d.value for d in Direction])
_PERIOD_COLUMN = re.compile(r"^(target|reading)s?\s+(\d{4})/(\d{2})(?:\s+(?:q([1-4])|m(0?[1-9]|1[0-2])))?$")
# What Excel makes of "2008/09" in a cell it was not told is text: a month, or a day.
_EXCEL_DATE = re.compile(r"^([A-Za-z]{3}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4}-\d{2}-\d{2})$")

ColumnKey = str | tuple[str, str]  # a field's name, or ("target" or "reading", period)


class _Plan(TypedDict):
    """A row read and checked, to be written once every row is."""

    values: dict[str, Any]  # the indicator's fields as the row gives them
    existing: Indicator | None
    has: set[ColumnKey]  # the sheet's columns
    lead: str | None
    contact: str | None
    figures: dict[tuple[str, str], float | None]  # (kind, period): the figure, None to withdraw it


def column_key(heading: str) -> ColumnKey | None:
    for key, header in HEADERS.items():
        if heading == header.casefold():
            return key
    if match := _PERIOD_COLUMN.match(heading):
        kind, start, end, quarter, month = match.groups()
        return kind, f"{start}/{end}" + (f" Q{quarter}" if quarter else f" M{int(month):02d}" if month else "")
    return ALIASES.get(heading)


def export(session: Session, tz: ZoneInfo) -> list[list[str]]:
    indicators = sorted(indicator_queries.active_indicators(session), key=lambda i: code_order(i.code))
    targets, readings = indicator_queries.figures(session, [i.id for i in indicators])
    organisations = sheet_queries.by_id(session, Organisation, [i.lead_organisation_id for i in indicators])
    boards = sheet_queries.boards_by_id(session)
    contacts = sheet_queries.by_id(session, Person, [i.contact_id for i in indicators])
    periods = {
        kind: sorted({p for found in figures.values() for p in found}, key=lambda p: (period_key(p), p))
        for kind, figures in (("target", targets), ("reading", readings))
    }
    header = list(HEADERS.values()) + [f"{kind.capitalize()} {p}" for kind in FIGURES for p in periods[kind]]
    rows = [header]
    for i in indicators:
        lead = i.lead_text or (
            organisations[i.lead_organisation_id].name if i.lead_organisation_id in organisations else ""
        )
        row = [
            guard(i.code),
            guard(i.title),
            guard(i.unit or ""),
            i.direction,
            write_number(i.baseline),
            guard(i.baseline_period or ""),
            boards[i.board_id].slug if i.board_id in boards else "",
            guard(lead),
            guard("; ".join(i.partners or [])),
            "yes" if i.illustrative else "no",
            guard(i.note or ""),
            i.frequency or "",
            "" if i.reading_due_days is None else str(i.reading_due_days),
            guard(contacts[i.contact_id].name) if i.contact_id in contacts else "",
        ]
        row += [write_number(targets[i.id].get(p)) for p in periods["target"]]
        row += [write_number(readings[i.id].get(p)) for p in periods["reading"]]
        rows.append(row)
    return rows


def _baseline_period(raw: str) -> str | None:
    text = read_text(raw, 20)
    if text and _EXCEL_DATE.match(text):
        raise CellProblem(
            f"“{text}” looks like a date; a period looks like 2008/09 (Excel turns 2008/09 "
            "into a date unless the column is formatted as Text)"
        )
    return text


def _partners(raw: str) -> list[str] | None:
    text = read_text(raw)
    partners = [p.strip() for p in (text or "").replace("\n", ";").split(";") if p.strip()]
    if any(len(p) > 300 for p in partners):
        raise CellProblem("a partner's name is at most 300 characters")
    return partners or None


def _frequency(raw: str) -> str | None:
    if not raw.strip():
        return None
    frequency = frequency_named(raw)
    if frequency is None:
        raise CellProblem(f"frequency “{raw.strip()[:30]}” is not one of: monthly, quarterly, annual")
    return frequency


def _due_days(raw: str) -> int | None:
    number = read_number(raw)
    if number is None:
        return None
    if number != int(number) or not 0 <= number <= MAX_DUE_DAYS:
        raise CellProblem(f"due days “{raw.strip()[:30]}”: a whole number of days from 0 to {MAX_DUE_DAYS}")
    return int(number)


def _check(session: Session, row: Row, seen: dict[str, int]) -> _Plan | None:
    before = len(row.problems.lines)
    code = normalise_indicator_code(row.text("code", 30) or "")
    existing = sheet_queries.indicator_coded(session, code) if code else None
    if not code:
        row.problem("code", "give the indicator's code, like NI 15")
    elif existing is not None and existing.archived_at is not None:
        row.problem("code", f"{code} is archived")
    values: dict[str, Any] = {"code": code}
    for key, limit in (("title", 4000), ("unit", 40), ("note", None)):
        if row.has(key):
            values[key] = row.text(key, limit)
    if (row.has("title") and not values["title"]) or (existing is None and not values.get("title") and code):
        row.problem("title" if row.has("title") else None, "an indicator needs a title")
    direction = row.read("direction", lambda raw: read_choice(raw, DIRECTIONS, "direction"))
    if direction:
        values["direction"] = direction
    elif existing is None and code:  # (empty for a known one: the direction it has)
        row.problem("direction" if row.has("direction") else None, "say whether higher or lower is better")
    if row.has("baseline"):
        values["baseline"] = row.read("baseline", read_number)
    if row.has("baseline_period"):
        values["baseline_period"] = row.read("baseline_period", _baseline_period)
    board = row.read("board", lambda raw: board_named(session, read_text(raw)))
    if row.has("board"):
        values["board_id"] = board.id if board else None
    if row.has("partners"):
        values["partners"] = row.read("partners", _partners)
    if row.has("illustrative"):
        values["illustrative"] = row.read("illustrative", read_yes_no, False)
    if row.has("frequency"):
        values["frequency"] = row.read("frequency", _frequency)
    if row.has("reading_due_days"):
        values["reading_due_days"] = row.read("reading_due_days", _due_days)
    figures = {key: row.read(key, read_number) for key in row.cells if isinstance(key, tuple)}
    if code in seen:
        row.problem("code", f"{code} is also on line {seen[code]}")
    seen[code] = row.line
    plan: _Plan = {
        "values": values,
        "existing": existing,
        "has": set(row.cells),
        "lead": row.text("lead", 300),
        "contact": row.text("contact", 200),
        "figures": figures,
    }
    return plan if len(row.problems.lines) == before else None


def _lead(plan: _Plan, existing: Indicator | None, names: Names) -> dict[str, Any]:
    """Lead as the partnership file stores it: the words, and the organisation they name."""
    organisation_id = names.organisation(plan["lead"])
    if existing is not None and existing.lead_text is None and existing.lead_organisation_id == organisation_id:
        return {}  # named by its organisation alone, which is what the sheet shows
    return {"lead_organisation_id": organisation_id, "lead_text": plan["lead"]}


def import_rows(session: Session, rows: list[Row], names: Names, tz: ZoneInfo, problems: Problems) -> ImportReport:
    seen: dict[str, int] = {}
    checked = [_check(session, row, seen) for row in rows]
    problems.raise_if_any()
    plans = [plan for plan in checked if plan is not None]  # (all of them: a row with problems raised above)
    report = ImportReport(KIND)
    existing_ids = [p["existing"].id for p in plans if p["existing"] and p["existing"].id is not None]
    held = {kind: sheet_queries.figure_rows(session, model, existing_ids) for kind, model in FIGURES.items()}
    now, figures_written = utcnow(), 0
    for plan in plans:
        existing, values = plan["existing"], dict(plan["values"])
        if "lead" in plan["has"]:
            values.update(_lead(plan, existing, names))
        if "contact" in plan["has"]:
            contact_id = names.person_or_text(plan["contact"])[0] if plan["contact"] else None
            if contact_id is not None or not plan["contact"]:  # a name that may be someone: left as it is
                values["contact_id"] = contact_id
        if existing is None:
            indicator, written = create(session, names.actor, Indicator(**values, source=names.source)), True
        else:
            drop_unchanged_text(existing, values)
            indicator, written = existing, change(session, names.actor, existing, values)
        assert indicator.id is not None  # stored: created or found
        for (kind, period), value in plan["figures"].items():
            row = held[kind].get((indicator.id, period))
            if value is None:
                changed = (
                    row is not None
                    and row.archived_at is None
                    and change(
                        session, names.actor, row, {"archived_at": now}, verb="archive", note="emptied in a spreadsheet"
                    )
                )
            elif row is None:
                create(
                    session,
                    names.actor,
                    FIGURES[kind](indicator_id=indicator.id, period=period, value=value, source=names.source),
                )
                changed = True
            else:
                changed = change(session, names.actor, row, {"value": value, "archived_at": None})
            figures_written += bool(changed)
            written = written or bool(changed)
        report.tally(indicator.code, new=existing is None, written=written)
    if figures_written:
        report.notes.append(f"Targets and readings written: {figures_written}.")
    return report
