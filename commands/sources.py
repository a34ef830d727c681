"""`source REF`: where a record came from — "A-12 is from the minutes of Thursday 17 February 2011,
minute 6 (001_….txt, line 134)". Imported facts keep their paper and line ("paper:FILE:LINE");
this says it in the partnership's words: the minutes and minute, or the report, it was read in."""

from __future__ import annotations

import re
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from commands.actions import parse_ref
from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.imports.load_partnership import normalise_indicator_code
from commands.meetings import find_meeting
from storage.db import read_only
from storage.tables import Action, AgendaItem, Consultation, Indicator, Meeting, Minute, Paper

_SOURCE = re.compile(r"^paper:(?P<name>.+):(?P<line>\d+)$")
_CONSULTATION = re.compile(r"^c-?(\d{1,9})$", re.IGNORECASE)


def _line_of(source: str | None) -> int | None:
    match = _SOURCE.match(source or "")
    return int(match.group("line")) if match else None


def describe_source(session: Session, source: str | None, tz: ZoneInfo) -> str | None:
    """ "paper:FILE:LINE" → "the minutes of Thursday 17 February 2011, minute 6 (FILE, line 134)"; the
    minute or report is the nearest one at or above that line of the same paper."""
    match = _SOURCE.match(source or "")
    if not match:
        return None
    name, line = match.group("name"), int(match.group("line"))
    where = f"{name}, line {line}"
    prefix = f"paper:{name}:"
    candidates: list[tuple[int, str]] = []
    for minute in session.exec(select(Minute).where(col(Minute.source).startswith(prefix))).all():
        at = _line_of(minute.source)
        if at is not None and at <= line:
            held = session.get(Meeting, minute.meeting_id)
            assert held is not None  # the foreign key keeps a minute's meeting
            day = long_date(held.starts_at.astimezone(tz))
            candidates.append((at, f"the minutes of {day}, minute {minute.number}"))
    for paper in session.exec(select(Paper).where(col(Paper.source).startswith(prefix))).all():
        at = _line_of(paper.source)
        if at is not None and at <= line:
            item = session.get(AgendaItem, paper.agenda_item_id)
            assert item is not None  # foreign keys keep a paper's agenda item and its meeting
            held = session.get(Meeting, item.meeting_id)
            assert held is not None
            day = long_date(held.starts_at.astimezone(tz))
            candidates.append((at, f"the report “{paper.title}” for item {item.number} on {day}"))
    for meeting in session.exec(select(Meeting).where(col(Meeting.source).startswith(prefix))).all():
        at = _line_of(meeting.source)
        if at is not None and at <= line:
            kind = "minutes" if meeting.status == "held" else "agenda"
            candidates.append((at, f"the {kind} of {long_date(meeting.starts_at.astimezone(tz))}"))
    if not candidates:
        return f"the paper {where}"
    return f"{max(candidates)[1]} ({where})"


def _record(
    session: Session, ctx: Context, words: str
) -> tuple[Consultation | Action | Meeting | Indicator | Reply | None, str]:
    if match := _CONSULTATION.match(words):
        return session.get(Consultation, int(match.group(1))), f"C-{match.group(1)}"
    if words[:1].casefold() == "a" and (action_id := parse_ref(words)) is not None:
        return session.get(Action, action_id), f"A-{action_id}"
    first, _, rest = words.partition(" ")
    if first.casefold() == "meeting":
        found = find_meeting(session, ctx, rest)
        if isinstance(found, Reply):
            return found, ""
        board, meeting = found
        return meeting, f"The {board.name} meeting of {long_date(meeting.starts_at.astimezone(ctx.tz))}"
    indicator = session.exec(select(Indicator).where(Indicator.code == normalise_indicator_code(words))).first()
    return indicator, indicator.code if indicator else words


@command(
    "source",
    summary="Where a record came from: which paper, minute or report",
    usage="source REF",
    examples=("source A-12", "source C-3", "source NI 15", "source meeting last"),
    details="Actions, consultations, indicators and meetings imported from papers keep the paper and line "
    "they were read from; this says which minutes (and minute) or report that was.",
)
def source(ctx: Context, words: str) -> Reply:
    words = words.strip()
    if not words:
        return message("Which record?", "Try `source A-12`, `source C-3` or `source NI 15`.")
    with read_only(ctx.engine) as session:
        record, label = _record(session, ctx, words)
        if isinstance(record, Reply):
            return record
        if record is None or getattr(record, "archived_at", None) is not None:
            return message(f"I don't know “{words[:40]}”.", "Try `source A-12`, `source C-3` or `source NI 15`.")
        described = describe_source(session, record.source, ctx.tz)
        if described is None:
            origin = (
                f"“{record.source}”" if record.source else "no paper: it was entered by hand or from a partnership file"
            )
            return message(f"{label} comes from {origin}.")
        return message(f"{label} is from {described}.")
