"""The meetings as an iCalendar feed (all boards, one board, or one meeting), and `calendar`.

Events carry TZID=Europe/London with a VTIMEZONE, so Outlook and Google Calendar place a 2:00 pm
meeting at 2:00 pm on either side of the clock change.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from commands.core.context import Context
from commands.core.registry import command
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage.db import read_only
from storage.tables import Board, Meeting
from storage.types import utcnow

if TYPE_CHECKING:
    import icalendar

DEFAULT_LENGTH = timedelta(hours=2)  # papers give a start time; most meetings run about two hours


def _event(session: Session, ctx: Context, board: Board, meeting: Meeting) -> icalendar.Event:
    import icalendar  # loaded when a calendar is made, not with every command

    event = icalendar.Event()
    host = (ctx.settings.public_url or "").split("://")[-1].split("/")[0].split(":")[0] or "forum-bot"
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("dtstamp", utcnow())
    starts = meeting.starts_at.astimezone(ctx.tz)
    event.add("dtstart", starts)
    event.add("dtend", (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(ctx.tz))
    summary = board.name if meeting.status != "postponed" else f"{board.name} (postponed)"
    event.add("summary", summary)
    location = ", ".join(part for part in (meeting.venue, meeting.address) if part)
    if location:
        event.add("location", location)
    assert meeting.id is not None  # a stored meeting has its id
    lines = [f"{item.number}. {item.title}" for item in meeting_queries.agenda(session, meeting.id)]
    if meeting.status_reason:
        lines.insert(0, meeting.status_reason)
    if meeting.note:
        lines.insert(0, meeting.note)
    if lines:
        event.add("description", "\n".join(lines))
    event.add("status", {"cancelled": "CANCELLED", "postponed": "TENTATIVE"}.get(meeting.status, "CONFIRMED"))
    event.add("sequence", meeting.version or 1)  # tells calendars an edited meeting replaces the old one
    return event


def _calendar(name: str) -> icalendar.Calendar:
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Forum bot//Partnership meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    return calendar


def feed(
    ctx: Context, board_slug: str | None = None, meeting_id: int | None = None, history_days: int = 365
) -> bytes | None:
    """The feed as bytes, or None when the board or meeting doesn't exist."""
    with read_only(ctx.engine) as session:
        boards = {b.id: b for b in board_queries.active_boards(session)}
        statement = select(Meeting).where(col(Meeting.archived_at).is_(None))
        if meeting_id is not None:
            meeting = session.get(Meeting, meeting_id)
            if meeting is None or meeting.archived_at is not None or meeting.board_id not in boards:
                return None
            calendar = _calendar(boards[meeting.board_id].name)
            calendar.add_component(_event(session, ctx, boards[meeting.board_id], meeting))
        else:
            name = "Partnership meetings"
            if board_slug is not None:
                board = board_queries.board_by_slug(session, board_slug)
                if board is None or board.archived_at is not None:
                    return None
                statement, name = statement.where(Meeting.board_id == board.id), board.name
            statement = statement.where(Meeting.starts_at >= ctx.now - timedelta(days=history_days))
            calendar = _calendar(name)
            for meeting in session.exec(statement.order_by(col(Meeting.starts_at))).all():
                if meeting.board_id in boards:
                    calendar.add_component(_event(session, ctx, boards[meeting.board_id], meeting))
        calendar.add_missing_timezones()
        ical: bytes = calendar.to_ical()  # to_ical has no return annotation
        return ical


@command(
    "calendar",
    kept=True,
    aliases=("ical", "ics", "feed"),
    summary="Meetings in your own calendar: the feed address",
    usage="calendar [board]",
    examples=("calendar", "calendar health"),
    details="Gives the address of an iCalendar feed of meetings — all boards, or one — to subscribe to "
    "in Outlook, Google Calendar or Apple Calendar. Times are UK time, right across the clock change.",
)
def calendar_command(ctx: Context, words: str) -> Reply:
    if not ctx.settings.public_url:  # a feed address must be one others can reach: never localhost
        return message(
            "Calendar feeds need the bot's public address, and none is set: an admin can set "
            "FORUM_PUBLIC_URL to where the bot is reached (e.g. https://forum.example.org)."
        )
    base = ctx.settings.public_url.rstrip("/")
    with read_only(ctx.engine) as session:
        feeds = [{"name": "All boards", "url": f"{base}/calendar.ics"}]
        if words:
            from commands.core.boards import choose_board

            board = choose_board(session, ctx, words)
            if isinstance(board, Reply):
                return board
            feeds = [{"name": board.name, "url": f"{base}/calendar/{board.slug}.ics"}]
        else:
            feeds += [
                {"name": b.name, "url": f"{base}/calendar/{b.slug}.ics"} for b in board_queries.active_boards(session)
            ]
    return Reply("calendar", {"feeds": feeds})
