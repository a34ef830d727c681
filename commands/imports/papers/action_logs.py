"""Action logs: a table of the actions from a meeting — "Action log – meeting of 12 May 2011",
"Actions arising from the meeting held on …", "Action tracker" — with columns for the action, who
owns it, by when and where it stands. Each row is an action of that meeting; the meeting itself is
the one the title names (its time unknown unless the log says it)."""

from __future__ import annotations

import re
from datetime import date

from commands.imports.papers.actions import due_date, next_meeting_day
from commands.imports.papers.dates import find_dates
from commands.imports.papers.documents import Document, looks_like_heading
from commands.imports.papers.found import Findings, FoundAction, FoundMeeting
from commands.imports.papers.header import title_parts
from commands.imports.papers.text import Line

_TITLE = re.compile(
    r"\b(?:action\s+(?:log|tracker|list|schedule|sheet|points|notes|register)|actions?\s+(?:arising|agreed|from)|"
    r"schedule\s+of\s+actions|matters\s+arising\s+and\s+actions)\b",
    re.I,
)
_ACTION_HEADS = {"action", "actions", "action required", "action agreed", "description", "task"}
_OWNER_HEADS = {
    "owner",
    "who",
    "lead",
    "by whom",
    "responsible",
    "responsibility",
    "lead officer",
    "officer",
    "assigned to",
}
_DUE_HEADS = {"due", "by when", "deadline", "target date", "when", "due date", "timescale", "date due", "by"}
_STATUS_HEADS = {"status", "progress", "update", "rag", "position", "current status"}
_REF_HEADS = {"no", "no.", "ref", "ref.", "number", "#", "item", "minute", "action no", "action no."}
# Where a row stands, in the log's words → the action's status; "open" says nothing an import should undo.
_STATUS = [
    (re.compile(r"\b(?:complete[d]?|done|closed|achieved|finished|delivered)\b", re.I), "done"),
    (re.compile(r"\b(?:dropped|withdrawn|cancelled|no longer required|superseded)\b", re.I), "dropped"),
    (re.compile(r"\b(?:in progress|ongoing|under way|underway|started|on track)\b", re.I), "in_progress"),
]


def _cells(line: Line) -> list[str]:
    if "\t" in line.text:
        return [c.strip() for c in line.text.split("\t")]
    if line.text.count("|") >= 2:
        return [c.strip() for c in line.text.strip().strip("|").split("|")]
    return []


def _columns(cells: list[str]) -> dict[str, int] | None:
    heads = [c.casefold().strip(" :*") for c in cells]
    found: dict[str, int] = {}
    for i, head in enumerate(heads):
        for name, names in (
            ("action", _ACTION_HEADS),
            ("owner", _OWNER_HEADS),
            ("due", _DUE_HEADS),
            ("status", _STATUS_HEADS),
            ("ref", _REF_HEADS),
        ):
            if head in names and name not in found:
                found[name] = i
    return found if "action" in found and ("owner" in found or "due" in found) else None


def _meeting_day(lines: list[Line], upto: int) -> tuple[date | None, int, str | None]:
    """The meeting the log is for: a title line above the table that names a log and a day; and the
    heading above it (the board)."""
    for i in range(upto - 1, max(-1, upto - 12), -1):
        text = lines[i].text
        if text and _TITLE.search(text):
            days = [f for f in find_dates(text, forward=False) if f.day]
            if days:
                heading = None
                for j in range(i - 1, max(-1, i - 4), -1):
                    if lines[j].text and looks_like_heading(lines[j]):
                        heading = title_parts(lines[j].text)[0]
                        break
                return days[0].day, lines[i].number, heading
    return None, 0, None


def read_action_logs(document: Document, findings: Findings) -> None:
    lines = document.lines
    i = 0
    while i < len(lines):
        columns = _columns(_cells(lines[i]))
        if columns is None:
            i += 1
            continue
        day, title_line, heading = _meeting_day(lines, i)
        if day is None:
            findings.doubt(lines[i].number, "an action log whose meeting I cannot tell; its actions were not imported")
            i += 1
            continue
        meeting = findings.meeting_on(day)
        if meeting is None:
            meeting = FoundMeeting(heading=heading, day=day, line=title_line)
            findings.meetings.append(meeting)
            findings.doubt(title_line, f"no start time found for the meeting of {day:%-d %B %Y}")
        meeting.held = True
        following = _next_meeting(lines, day) or next_meeting_day(meeting, findings)
        i += 1
        while i < len(lines) and _cells(lines[i]):
            cells = _cells(lines[i])
            _row(cells, columns, lines[i].number, day, following, findings)
            i += 1


def _next_meeting(lines: list[Line], day: date) -> date | None:
    for line in lines:
        if re.search(r"\bnext\s+meeting\b", line.text, re.I):
            days = [f.day for f in find_dates(line.text, day, forward=True) if f.day and f.day > day]
            if days:
                return days[0]
    return None


def _row(
    cells: list[str], columns: dict[str, int], line: int, day: date, following: date | None, findings: Findings
) -> None:
    def cell(name: str) -> str:
        at = columns.get(name, -1)
        return cells[at].strip() if 0 <= at < len(cells) else ""

    what = cell("action")
    if not re.search(r"[A-Za-z]{3}", what):
        return
    due_words = cell("due")
    due = due_date(f"by {due_words}", day, following) if due_words else None
    if due_words and due is None and re.search(r"\d|next|end", due_words, re.I):
        findings.doubt(line, f"action “{what[:60]}”: I could not read its date “{due_words}”, so it is left empty")
    words = cell("status")
    status = next((value for pattern, value in _STATUS if pattern.search(words)), None) if words else None
    description = what if what.endswith(".") else f"{what}."
    action = FoundAction(description[:1].upper() + description[1:], line, day, None, cell("owner") or None, due)
    action.status = status
    if words and status is None and words.casefold() not in ("open", "not started", "new", "-"):
        action.notes.append(f"Status in the action log: {words}")
    findings.actions.append(action)
