"""Consultations as a spreadsheet: one row per consultation.

Ref is this database's C-3 (empty: a new consultation, or the one with the same title). Owner is
who writes the partnership's response: a person's name, or a role or group as written. Status is
where the response stands; Submitted the day it went in.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, TypedDict
from zoneinfo import ZoneInfo

from sqlmodel import Session

from commands.spreadsheets.cells import (
    CellProblem,
    Problems,
    end_of_day,
    guard,
    read_choice,
    read_day,
    read_text,
    ref_number,
    words_for,
    write_day,
)
from commands.spreadsheets.rows import ImportReport, Names, Row, board_named, drop_unchanged_text
from storage import consultations as consultation_queries
from storage import spreadsheets as sheet_queries
from storage.tables import Consultation, Person
from storage.types import ResponseStatus, utcnow
from storage.writes import change, create

KIND = "consultations"
HEADERS = {
    "ref": "Ref",
    "title": "Title",
    "issuer": "Issuer",
    "url": "URL",
    "opens": "Opens",
    "closes": "Closes",
    "owner": "Owner",
    "status": "Status",
    "submitted": "Submitted",
    "board": "Board",
    "note": "Note",
}
ALIASES = {
    "reference": "ref",
    "link": "url",
    "response owner": "owner",
    "response status": "status",
    "notes": "note",
    "issued by": "issuer",
}
IDENTITY = ("ref", "title")
STATUSES = words_for([s.value for s in ResponseStatus])
_URL = re.compile(r"^https?://\S+$")


class _Plan(TypedDict):
    """A row read and checked, to be written once every row is."""

    values: dict[str, Any]  # the consultation's fields as the row gives them
    existing: Consultation | None
    has: set[str]  # the sheet's columns
    line: int
    owner: str | None
    submitted: date | None


def column_key(heading: str) -> str | None:
    for key, header in HEADERS.items():
        if heading == header.casefold():
            return key
    return ALIASES.get(heading)


def export(session: Session, tz: ZoneInfo) -> list[list[str]]:
    consultations = sheet_queries.live_consultations(session)
    people = sheet_queries.by_id(session, Person, [c.response_owner_id for c in consultations])
    boards = sheet_queries.boards_by_id(session)
    rows = [list(HEADERS.values())]
    for c in consultations:
        owner = people[c.response_owner_id].name if c.response_owner_id in people else c.response_owner_text
        rows.append(
            [
                c.ref,
                guard(c.title),
                guard(c.issuer or ""),
                guard(c.url or ""),
                write_day(c.opens),
                write_day(c.closes),
                guard(owner or ""),
                c.response_status.replace("_", " "),
                write_day(c.submitted_at.astimezone(tz).date()) if c.submitted_at else "",
                boards[c.board_id].slug if c.board_id in boards else "",
                guard(c.note or ""),
            ]
        )
    return rows


def _url(raw: str) -> str | None:
    text = read_text(raw, 1000)
    if text and not _URL.match(text):
        raise CellProblem(f"“{text[:40]}” is not a web address starting https://")
    return text


def _check(session: Session, row: Row, seen: dict[tuple[object, ...], int]) -> _Plan | None:
    before = len(row.problems.lines)
    ref = row.read("ref", lambda raw: ref_number(raw, "C"))
    title = row.text("title", 4000)
    existing = row.existing(
        ref,
        lambda n: consultation_queries.consultation(session, n),
        title,
        lambda t: sheet_queries.consultation_titled(session, t),
        kind="a consultation",
        prefix="C",
        name_column="title",
    )
    values: dict[str, Any] = {}
    if title:
        values["title"] = title
    elif row.has("title") and existing is not None and not row.raw("title").strip():
        row.problem("title", "a consultation needs a title")
    for key, limit in (("issuer", 300), ("note", None)):
        if row.has(key):
            values[key] = row.text(key, limit)
    if row.has("url"):
        values["url"] = row.read("url", _url)
    for key in ("opens", "closes"):
        if row.has(key):
            values[key] = row.read(key, read_day)
    if values.get("opens") and values.get("closes") and values["closes"] < values["opens"]:
        row.problem("closes", "it closes before it opens")
    board = row.read("board", lambda raw: board_named(session, read_text(raw)))
    if row.has("board"):
        values["board_id"] = board.id if board else None
    status = row.read("status", lambda raw: read_choice(raw, STATUSES, "status"))
    if status:
        values["response_status"] = status  # (empty: where it stands, or not started for a new one)
    plan: _Plan = {
        "values": values,
        "existing": existing,
        "has": set(row.cells),
        "line": row.line,
        "owner": row.text("owner", 200),
        "submitted": row.read("submitted", read_day),
    }
    identity: tuple[object, ...] = ("C", existing.id) if existing else ("new", title)
    if identity in seen:
        row.problem(None, f"the same consultation as line {seen[identity]}")
    seen[identity] = row.line
    return plan if len(row.problems.lines) == before else None


def _submitted_at(plan: _Plan, existing: Consultation | None, tz: ZoneInfo, now: datetime) -> datetime | None:
    """As for an action's Completed: the day as written; a submitted response always has one."""
    held = existing.submitted_at if existing else None
    day = plan["submitted"]
    if day is not None:
        return held if held and held.astimezone(tz).date() == day else end_of_day(day, tz)
    status = plan["values"].get("response_status", existing.response_status if existing else ResponseStatus.not_started)
    if status == ResponseStatus.submitted:
        return held or now
    return None if "submitted" in plan["has"] else held


def import_rows(session: Session, rows: list[Row], names: Names, tz: ZoneInfo, problems: Problems) -> ImportReport:
    seen: dict[tuple[object, ...], int] = {}
    checked = [_check(session, row, seen) for row in rows]
    problems.raise_if_any()
    plans = [plan for plan in checked if plan is not None]  # (all of them: a row with problems raised above)
    report = ImportReport(KIND)
    now = utcnow()
    for plan in plans:
        existing, values, has = plan["existing"], dict(plan["values"]), plan["has"]
        if "owner" in has:
            values["response_owner_id"], values["response_owner_text"] = names.person_or_text(
                plan["owner"], plan["line"]
            )
        if {"submitted", "status"} & has or existing is None:
            values["submitted_at"] = _submitted_at(plan, existing, tz, now)
        if existing is None:
            consultation = create(session, names.actor, Consultation(**values, source=names.source))
            report.added.append(consultation.ref)
            continue
        drop_unchanged_text(existing, values)
        if change(session, names.actor, existing, values):
            report.changed.append(existing.ref)
        else:
            report.unchanged += 1
    return report
