"""Officers' shortcuts for meetings: `move meeting DATE to DATE [TIME] "reason"`,
`postpone meeting DATE "reason"`, `cancel meeting DATE "reason"`. The record is kept; the reason
is asked for; every change is audited."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session

from commands.core import words as shortcut_words
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.dates import DateProblem, parse_day
from commands.core.formatting import clock, long_date
from commands.core.permissions import EDITORS, check
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from storage import meetings as meeting_queries
from storage.db import transaction
from storage.tables import Board, Meeting
from storage.types import MeetingStatus
from storage.writes import change


def _meeting(session: Session, ctx: Context, parts: shortcut_words.Parts) -> tuple[Board, Meeting] | Reply:
    loose = [w for w in parts.loose if w.casefold() not in {"meeting", "the"}]
    if [w.casefold() for w in loose] in (["next"], ["next", "one"]):
        # The meeting people most often move: the board's next one, whatever day it falls on.
        board = choose_board(session, ctx, parts.clauses.get("board", ""))
        if isinstance(board, Reply):
            return board
        assert board.id is not None  # a stored board has its id
        upcoming = meeting_queries.next_meeting(session, board.id, ctx.now)
        if upcoming is None:
            return refusal(f"No upcoming meeting of the {board.name} is in the diary; nothing was changed.")
        return board, upcoming
    day = parse_day(" ".join(loose), ctx.today, strict=True)
    if isinstance(day, DateProblem):
        return refusal(day.text, "Nothing was changed.")
    board = choose_board(session, ctx, parts.clauses.get("board", ""))
    if isinstance(board, Reply):
        return board
    assert board.id is not None
    meeting = meeting_queries.meeting_on(session, board.id, day, ctx.tz)
    if meeting is None:
        return refusal(f"The {board.name} has no meeting on {long_date(day)}; nothing was changed.")
    return board, meeting


@command(
    "move",
    aliases=("reschedule",),
    summary="Move a meeting to another day or time (officers)",
    usage='move meeting DATE|next to DATE [TIME] ["reason"] [board BOARD]',
    examples=('move meeting next to 15:00 "room double-booked"',),
)
def move(ctx: Context, text: str) -> Reply:
    parts = shortcut_words.split(text, {"to", "board"})
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "move meetings"):
            return refused
        found = _meeting(session, ctx, parts)
        if isinstance(found, Reply):
            return found
        board, meeting = found
        assert board.id is not None
        target = parts.clauses.get("to", "").split()
        if not target:
            return refusal("Move it to when? `move meeting 2026-12-04 to 2026-12-11 14:00`.")
        time_words = None
        if len(target) > 1 and shortcut_words.parse_time(" ".join(target[-2:])):
            time_words, target = " ".join(target[-2:]), target[:-2]
        elif shortcut_words.parse_time(target[-1]):
            time_words, target = target[-1], target[:-1]
        day = (
            parse_day(" ".join(target), ctx.today, strict=True)
            if target
            else meeting.starts_at.astimezone(ctx.tz).date()
        )
        if isinstance(day, DateProblem):
            return refusal(day.text, "Nothing was changed.")
        old_local = meeting.starts_at.astimezone(ctx.tz)
        new_time = shortcut_words.parse_time(time_words) if time_words else None  # read above: a time
        hour, minute = new_time or (old_local.hour, old_local.minute)
        new_local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ctx.tz)
        if new_local.astimezone(UTC) < ctx.now:
            return refusal(f"{long_date(new_local)} at {clock(new_local)} is in the past; nothing was changed.")
        clash = meeting_queries.meeting_on(session, board.id, day, ctx.tz)
        if clash is not None and clash.id != meeting.id:
            return refusal(f"The {board.name} already has a meeting on {long_date(day)}; nothing was changed.")
        reason = parts.quoted[0] if parts.quoted else None
        was = f"{long_date(old_local)} at {clock(old_local)}"
        length = (meeting.ends_at - meeting.starts_at) if meeting.ends_at else None
        change(
            session,
            ctx.user_id or "console",
            meeting,
            {
                "starts_at": new_local.astimezone(UTC),
                "status": MeetingStatus.scheduled,
                "ends_at": (new_local + length).astimezone(UTC) if length else None,
                "status_reason": f"Moved from {was}" + (f": {reason}" if reason else ""),
            },
            note=reason,
        )
        return message(
            f":calendar: The {board.name} meeting of {was} is moved to *{long_date(new_local)} at {clock(new_local)}*.",
            "Members see the new date in `/forum next-meeting` and their calendar feeds.",
        )


def _set_status(ctx: Context, text: str, status: str, verb: str) -> Reply:
    parts = shortcut_words.split(text, {"board"})
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, f"{verb} meetings"):
            return refused
        found = _meeting(session, ctx, parts)
        if isinstance(found, Reply):
            return found
        board, meeting = found
        reason = parts.quoted[0].strip() if parts.quoted else ""
        if not reason:
            day = meeting.starts_at.astimezone(ctx.tz).date().isoformat()
            return refusal(f'Why? `{verb} meeting {day} "reason"` — members will see it. Nothing was changed.')
        if meeting.status == status:
            return refusal(f"That meeting is already {status}.")
        change(session, ctx.user_id or "console", meeting, {"status": status, "status_reason": reason}, note=reason)
        when = meeting.starts_at.astimezone(ctx.tz)
        return message(
            f"The {board.name} meeting of {long_date(when)} at {clock(when)} is {status}: {reason}",
            "The record is kept; `/forum move meeting …` gives it a new date.",
        )


@command(
    "postpone",
    summary="Postpone a meeting, with the reason (officers)",
    usage='postpone meeting DATE|next "reason" [board BOARD]',
    examples=('postpone meeting next "not quorate"',),
)
def postpone(ctx: Context, text: str) -> Reply:
    return _set_status(ctx, text, MeetingStatus.postponed, "postpone")


@command(
    "cancel",
    summary="Cancel a meeting, with the reason (officers)",
    usage='cancel meeting DATE|next "reason" [board BOARD]',
    examples=('cancel meeting next board safer "no business"',),
)
def cancel(ctx: Context, text: str) -> Reply:
    return _set_status(ctx, text, MeetingStatus.cancelled, "cancel")
