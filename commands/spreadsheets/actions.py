"""Actions as a spreadsheet: one row per action.

Ref is this database's A-12 (empty: a new action, or the one with the same description and
meeting, as the partnership file matches them). Owner is a person's name, or a role or group as
written ("the LSP Manager"). Meeting is the board and local day, "forum 2027-02-17"; Minute its
number there. Completed is the day the action was done. Updates are its progress notes, oldest
first, one a line: a new line adds a note, and a line taken out keeps its note (nothing is deleted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
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
from storage import actions as action_queries
from storage import meetings as meeting_queries
from storage import spreadsheets as sheet_queries
from storage.tables import Action, ActionUpdate, Board, Meeting, Minute, Organisation, Person
from storage.types import ActionStatus, utcnow
from storage.writes import change, create

KIND = "actions"
HEADERS = {
    "ref": "Ref",
    "description": "Description",
    "owner": "Owner",
    "organisation": "Organisation",
    "board": "Board",
    "meeting": "Meeting",
    "minute": "Minute",
    "due": "Due",
    "status": "Status",
    "completed": "Completed",
    "updates": "Updates",
}
ALIASES = {
    "reference": "ref",
    "action": "description",
    "organization": "organisation",
    "due date": "due",
    "notes": "updates",
    "progress": "updates",
}
IDENTITY = ("ref", "description")  # a sheet of actions has one of these
STATUSES = words_for([s.value for s in ActionStatus])
MAX_TEXT = 4000


class _Plan(TypedDict):
    """A row read and checked, to be written once every row is."""

    values: dict[str, Any]  # the action's fields as the row gives them
    existing: Action | None
    line: int
    owner: str | None
    organisation: str | None
    completed: date | None
    has: set[str]  # the sheet's columns
    updates: list[str]


def column_key(heading: str) -> str | None:
    for key, header in HEADERS.items():
        if heading == header.casefold():
            return key
    return ALIASES.get(heading)


def meeting_words(meeting: Meeting, boards: Mapping[int | None, Board], tz: ZoneInfo) -> str:
    return f"{boards[meeting.board_id].slug} {meeting.starts_at.astimezone(tz).date().isoformat()}"


# --- export -------------------------------------------------------------------------------------


def export(session: Session, tz: ZoneInfo) -> list[list[str]]:
    actions = sheet_queries.live_actions(session)
    people = sheet_queries.by_id(session, Person, [a.owner_id for a in actions])
    organisations = sheet_queries.by_id(session, Organisation, [a.organisation_id for a in actions])
    meetings = sheet_queries.by_id(session, Meeting, [a.meeting_id for a in actions])
    minutes = sheet_queries.by_id(session, Minute, [a.minute_id for a in actions])
    boards = sheet_queries.boards_by_id(session)
    updates = sheet_queries.updates_by_action(session, [a.id for a in actions if a.id is not None])
    rows = [list(HEADERS.values())]
    for action in actions:
        assert action.id is not None  # a stored action
        owner = people[action.owner_id].name if action.owner_id in people else action.owner_text
        rows.append(
            [
                action.ref,
                guard(action.description),
                guard(owner or ""),
                guard(organisations[action.organisation_id].name) if action.organisation_id in organisations else "",
                boards[action.board_id].slug if action.board_id in boards else "",
                meeting_words(meetings[action.meeting_id], boards, tz) if action.meeting_id in meetings else "",
                guard(minutes[action.minute_id].number) if action.minute_id in minutes else "",
                write_day(action.due_date),
                action.status.replace("_", " "),
                write_day(action.completed_at.astimezone(tz).date()) if action.completed_at else "",
                guard("\n".join(u.text for u in updates.get(action.id, []))),
            ]
        )
    return rows


# --- import -------------------------------------------------------------------------------------


def _meeting(session: Session, raw: str, tz: ZoneInfo) -> Meeting | None:
    text = read_text(raw, 100)
    if not text:
        return None
    slug, _, day_text = text.partition(" ")
    board = board_named(session, slug)
    day = read_day(day_text) if day_text.strip() else None
    if day is None:
        raise CellProblem(f"“{text}”: name the board and the day, like “forum 2027-02-17”")
    assert board is not None and board.id is not None  # a slug was given (the text is trimmed): a stored board
    meeting = meeting_queries.meeting_on(session, board.id, day, tz)
    if meeting is None:
        raise CellProblem(f"{board.name} has no meeting on {day:%A} {day.day} {day:%B %Y}")
    return meeting


def _check(session: Session, row: Row, tz: ZoneInfo, seen: dict[tuple[object, ...], int]) -> _Plan | None:
    """The row read, checked and resolved against the database, or None (problems noted)."""
    before = len(row.problems.lines)
    ref = row.read("ref", lambda raw: ref_number(raw, "A"))
    description = row.text("description", MAX_TEXT)
    meeting = row.read("meeting", lambda raw: _meeting(session, raw, tz))
    existing = row.existing(
        ref,
        lambda n: action_queries.action_by_id(session, n),
        description,
        lambda d: sheet_queries.action_with(session, d, meeting.id if meeting else None),
        kind="an action",
        prefix="A",
        name_column="description",
    )
    values: dict[str, Any] = {}
    if description:
        values["description"] = description
    elif row.has("description") and existing is not None and not row.raw("description").strip():
        row.problem("description", "an action needs a description")
    if row.has("meeting"):
        values["meeting_id"] = meeting.id if meeting else None
    minute_number = row.text("minute", 20)
    meeting_id = values.get("meeting_id", existing.meeting_id if existing else None)
    if minute_number:
        minute = sheet_queries.minute_in(session, meeting_id, minute_number) if meeting_id else None
        if meeting_id is None:
            row.problem("minute", "give the meeting the minute is from")
        elif minute is None:
            row.problem("minute", f"no minute {minute_number} in that meeting")
        else:
            values["minute_id"] = minute.id
    elif row.has("minute"):
        values["minute_id"] = None
    board = row.read("board", lambda raw: board_named(session, read_text(raw)))
    if row.has("board"):
        values["board_id"] = board.id if board else None
    if existing is None and values.get("board_id") is None and meeting is not None:
        values["board_id"] = meeting.board_id  # a new action belongs to its meeting's board unless told
    if row.has("due"):
        values["due_date"] = row.read("due", read_day)
    status = row.read("status", lambda raw: read_choice(raw, STATUSES, "status"))
    if status:
        values["status"] = status  # (empty: the status it has, or open for a new action)
    plan: _Plan = {
        "values": values,
        "existing": existing,
        "line": row.line,
        "owner": row.text("owner", 200),
        "organisation": row.text("organisation", 200),
        "completed": row.read("completed", read_day),
        "has": set(row.cells),
        "updates": [line.strip() for line in (row.text("updates") or "").split("\n") if line.strip()],
    }
    if any(len(line) > 2000 for line in plan["updates"]):
        row.problem("updates", "a progress note is at most 2,000 characters")
    identity: tuple[object, ...] = ("A", existing.id) if existing else ("new", description, values.get("meeting_id"))
    if identity in seen:
        row.problem(None, f"the same action as line {seen[identity]}")
    seen[identity] = row.line
    return plan if len(row.problems.lines) == before else None


def _completed_at(plan: _Plan, existing: Action | None, tz: ZoneInfo, now: datetime) -> datetime | None:
    """Completed, as stored: the day as written (an unchanged day keeps its moment). A done action
    always has one: with no day written it keeps its own, or is done now, as `done` in Slack does."""
    held = existing.completed_at if existing else None
    day = plan["completed"]
    if day is not None:
        return held if held and held.astimezone(tz).date() == day else end_of_day(day, tz)
    if plan["values"].get("status", existing.status if existing else ActionStatus.open) == ActionStatus.done:
        return held or now
    return None if "completed" in plan["has"] else held


def import_rows(session: Session, rows: list[Row], names: Names, tz: ZoneInfo, problems: Problems) -> ImportReport:
    seen: dict[tuple[object, ...], int] = {}
    checked = [_check(session, row, tz, seen) for row in rows]
    problems.raise_if_any()  # every row is checked before anything is written
    plans = [plan for plan in checked if plan is not None]  # (all of them: a row with problems raised above)
    report = ImportReport(KIND)
    now, notes_added = utcnow(), 0
    held_notes = sheet_queries.updates_by_action(
        session, [p["existing"].id for p in plans if p["existing"] and p["existing"].id is not None]
    )
    for plan in plans:
        existing, values, has = plan["existing"], dict(plan["values"]), plan["has"]
        if "owner" in has:
            values["owner_id"], values["owner_text"] = names.person_or_text(plan["owner"], plan["line"])
        kept_as_written = values.get("owner_text")  # (before an unchanged text is left out below)
        if "organisation" in has:
            values["organisation_id"] = names.organisation(plan["organisation"])
        if {"completed", "status"} & has or existing is None:
            values["completed_at"] = _completed_at(plan, existing, tz, now)
        if existing is None:
            action, written = create(session, names.actor, Action(**values, source=names.source)), True
        else:
            drop_unchanged_text(existing, values)
            action, written = existing, change(session, names.actor, existing, values)
        assert action.id is not None  # stored: created or found
        # Notes already held (a multi-line one counts line by line) are not added twice.
        held = Counter(line.strip() for note in held_notes.get(action.id, []) for line in note.text.split("\n"))
        for line in plan["updates"]:
            if held[line] > 0:
                held[line] -= 1
                continue
            create(session, names.actor, ActionUpdate(action_id=action.id, text=line, source=names.source))
            notes_added, written = notes_added + 1, True
        if "owner" in has and kept_as_written:
            names.kept_on(kept_as_written, action.ref)  # a name kept as written: how to reassign it
        report.tally(action.ref, new=existing is None, written=written)
    if notes_added:
        report.notes.append(f"{notes_added} progress note{'s' if notes_added != 1 else ''} added.")
    return report
