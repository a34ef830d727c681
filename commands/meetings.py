"""Meetings: `next-meeting [board]`, `meetings [board]`, `agenda [next | DATE] [board]`."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Literal

from sqlmodel import Session

from commands.core import first_day
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.dates import DateProblem, parse_day
from commands.core.formatting import clock, long_date, zone_label
from commands.core.paging import page_of
from commands.core.registry import command
from commands.core.reply import Reply, message
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage import people as people_queries
from storage.db import read_only
from storage.tables import Board, Meeting

PURPOSE_WORDS = {"information": "for information", "discussion": "for discussion", "decision": "for decision"}
PAPER_WORDS = {
    "report": "report attached",
    "presentation": "presentation",
    "to_follow": "report to follow",
    "verbal": "verbal update",
    "none": None,
}


def reason_words(status: str, reason: str | None) -> str | None:
    """A postponement's or cancellation's reason without the status said again ("Cancelled: no
    business" → "no business"), since replies already say CANCELLED or POSTPONED beside it."""
    if not reason:
        return None
    tidy = re.sub(rf"^\s*{re.escape(status)}\b\s*[:,.\-–—]?\s*", "", reason, flags=re.IGNORECASE).strip()
    return tidy or None


def when(ctx: Context, meeting: Meeting) -> dict[str, str]:
    starts = meeting.starts_at.astimezone(ctx.tz)
    return {
        "date": long_date(starts),
        "time": clock(starts),
        "zone": zone_label(starts),
        "iso_date": starts.date().isoformat(),
    }


def meeting_view(session: Session, ctx: Context, board: Board, meeting: Meeting) -> dict[str, Any]:
    """The facts of one meeting and its agenda, formatted for templates."""
    assert meeting.id is not None  # a stored meeting has its id
    items = meeting_queries.agenda(session, meeting.id)
    papers = meeting_queries.papers_for(session, [item.id for item in items if item.id is not None])
    presenters = people_queries.names_by_id(session, [item.presenter_id for item in items if not item.presenter_text])
    agenda = []
    for item in items:
        assert item.id is not None
        presenter = item.presenter_text or presenters.get(item.presenter_id)
        agenda.append(
            {
                "number": item.number,
                "title": item.title,
                "presenter": presenter,
                "purpose": PURPOSE_WORDS.get(item.purpose or ""),
                "paper": PAPER_WORDS.get(item.paper_kind or ""),
                "papers": [{"title": p.title, "url": p.url} for p in papers.get(item.id, [])],
            }
        )
    return {
        "board": board.name,
        "board_slug": board.slug,
        "meeting_id": meeting.id,
        **when(ctx, meeting),
        "venue": meeting.venue,
        "address": meeting.address,
        "note": meeting.note,
        "status": meeting.status,
        "status_reason": reason_words(meeting.status, meeting.status_reason),
        "agenda": agenda,
        "upcoming": meeting.starts_at >= ctx.now,
        # No public address (FORUM_PUBLIC_URL), no link: localhost would reach nobody's calendar.
        "calendar_url": (
            f"{ctx.settings.public_url.rstrip('/')}/calendar/meeting/{meeting.id}.ics"
            if ctx.settings.public_url
            else None
        ),
    }


def meeting_reply(session: Session, ctx: Context, board: Board, meeting: Meeting, title: str) -> Reply:
    following = None
    assert board.id is not None  # a stored board has its id
    if meeting.status == "postponed":
        # Members still need to know when they next actually meet.
        later = [
            m
            for m in meeting_queries.upcoming_meetings(session, board.id, meeting.starts_at, limit=3)
            if m.id != meeting.id and m.status != "postponed"
        ]
        if later:
            following = meeting_view(session, ctx, board, later[0])
    from commands.core.people import caller_role
    from commands.core.permissions import EDITORS

    return Reply(
        "next_meeting",
        {
            "title": title,
            "meeting": meeting_view(session, ctx, board, meeting),
            "following": following,
            "buttons": ctx.surface == "slack",
            "can_edit": ctx.surface == "slack" and caller_role(session, ctx) in EDITORS,
        },
    )


@command(
    "next-meeting",
    kept=True,
    aliases=("next", "nextmeeting", "next_meeting", "meeting"),
    summary="When and where the next meeting is, and its agenda",
    usage="next-meeting [board]",
    examples=("next-meeting", "next-meeting safer"),
    details="Shows the next meeting of a board: date and start time (UK time), venue and address, "
    "and the agenda with presenters and purposes. Without a board it uses this channel's "
    "board, or the Forum. Cancelled meetings are skipped; postponed ones say so.",
)
def next_meeting(ctx: Context, words: str) -> Reply:
    first, _, rest = words.partition(" ")
    if first.casefold() in {"meeting", "meetings"}:
        words = rest.strip()  # `/forum next meeting safer`, typed with a space
    with read_only(ctx.engine) as session:
        board = choose_board(session, ctx, words)
        if isinstance(board, Reply):
            return board
        assert board.id is not None
        meeting = meeting_queries.next_meeting(session, board.id, ctx.now)
        if meeting is None:
            return message(
                f"No upcoming meeting of the {board.name} is in the diary yet.",
                first_day.NO_MEETINGS,
            )
        return meeting_reply(session, ctx, board, meeting, f"Next meeting: {board.name}")


@command(
    "meetings",
    kept=True,
    aliases=("diary", "upcoming", "schedule"),
    summary="Upcoming meetings of a board",
    usage="meetings [board | all]",
    examples=("meetings", "meetings health", "meetings all"),
    details="Lists the coming meetings (date, time, venue, status). `all` lists every board's.",
)
def meetings(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        if words.casefold() == "all":
            boards = board_queries.active_boards(session)
            title = "Upcoming meetings: all boards"
        else:
            board = choose_board(session, ctx, words)
            if isinstance(board, Reply):
                return board
            boards, title = [board], f"Upcoming meetings: {board.name}"
        names = {b.id: b for b in boards if b.id is not None}  # stored boards: every one has its id
        found = meeting_queries.upcoming_meetings_of(session, list(names), ctx.now, include_cancelled=True)
        if not found:
            return message(
                f"No upcoming meetings are in the diary for {', '.join(b.name for b in boards)}.", first_day.NO_MEETINGS
            )
        page = page_of(ctx, found)
        rows = [
            {
                **when(ctx, m),
                "board": names[m.board_id].name,
                "board_slug": names[m.board_id].slug,
                "venue": ", ".join(p for p in (m.venue, m.address) if p) or None,
                "status": m.status,
                "status_reason": reason_words(m.status, m.status_reason),
                "note": m.note,
            }
            for m in page.items
        ]
        return Reply(
            "meetings", {"title": title, "meetings": rows, "page": page.view(), "many_boards": len(boards) > 1}
        )


# Words that pick a meeting without naming its day.
Selector = Literal["next", "last"]
SELECTORS: dict[str, Selector] = {
    "next": "next",
    "upcoming": "next",
    "coming": "next",
    "last": "last",
    "previous": "last",
    "latest": "last",
}


def split_day_and_board(
    session: Session, ctx: Context, words: str, prefer: str | None = None
) -> tuple[date | DateProblem | Selector | None, str]:
    """`16 June safer` → (day, "safer"); `next friday` → (that Friday, ""); `next health` → ("next",
    "health"); `last meeting` → ("last", ""); `safer` → (None, "safer").

    The longest leading run of words that reads as a date wins; what follows names the board.
    `prefer` ("next" or "last") says which occurrence a day without its year means.
    """
    parts = words.split()
    for size in range(min(4, len(parts)), 0, -1):
        if size == 1 and parts[0].casefold() in SELECTORS:
            break
        day = parse_day(" ".join(parts[:size]), ctx.today, prefer=prefer)
        if not isinstance(day, DateProblem):
            return day, " ".join(parts[size:])
        if day.impossible and any(ch.isdigit() for ch in parts[size - 1]):
            # "31 December 9999", "31 February 2027": a date, but not one that can be had; reading
            # fewer words would make "9999" a board's name.
            return day, ""
    if parts and parts[0].casefold() in SELECTORS:
        rest = parts[1:]
        if rest and rest[0].casefold() in {"meeting", "meetings", "one"}:
            rest = rest[1:]  # "next meeting health"
        return SELECTORS[parts[0].casefold()], " ".join(rest)
    if parts and parts[0].casefold() in {"meeting", "meetings"}:
        return split_day_and_board(session, ctx, " ".join(parts[1:]), prefer)
    if parts and board_queries.find_boards(session, words):
        return None, words
    if parts:
        return parse_day(" ".join(parts[:3]), ctx.today, prefer=prefer), ""
    return None, ""


def _nearest_hint(session: Session, ctx: Context, board: Board, day: date) -> str | None:
    """The board's meetings either side of a day it did not meet, so the next question is easy."""
    assert board.id is not None
    start, _ = meeting_queries.local_day_bounds(day, ctx.tz)
    before = meeting_queries.last_meeting(session, board.id, start)
    after = meeting_queries.upcoming_meetings(session, board.id, start, limit=1)
    days = [long_date(m.starts_at.astimezone(ctx.tz)) for m in (before, *after) if m is not None]
    return ("Its meetings nearest that day: " + " and ".join(days) + ".") if days else None


def find_meeting(
    session: Session, ctx: Context, words: str, prefer: str | None = None
) -> tuple[Board, Meeting] | Reply:
    """The meeting `[next | last | DATE] [board]` means; `next` (or nothing) is the board's next
    meeting, `last` its latest one; a day without its year is its `prefer` occurrence."""
    day, board_words = split_day_and_board(session, ctx, words, prefer)
    if isinstance(day, DateProblem):
        return message(day.text, "Give a day like `2027-06-16`, `16 June` or `next thursday`, or `next` or `last`.")
    board = choose_board(session, ctx, board_words)
    if isinstance(board, Reply):
        return board
    assert board.id is not None
    if day is None or day == "next":
        meeting = meeting_queries.next_meeting(session, board.id, ctx.now)
        if meeting is None:
            return message(f"No upcoming meeting of the {board.name} is in the diary yet.")
        return board, meeting
    if day == "last":
        meeting = meeting_queries.last_meeting(session, board.id, ctx.now)
        if meeting is None:
            return message(f"The {board.name} has no meeting on record before today.")
        return board, meeting
    meeting = meeting_queries.meeting_on(session, board.id, day, ctx.tz)
    if meeting is None:
        others = [
            b
            for b in board_queries.active_boards(session)
            if b.id is not None and b.id != board.id and meeting_queries.meeting_on(session, b.id, day, ctx.tz)
        ]
        hints = [
            ("That day: " + ", ".join(f"{b.name} (`{b.slug}`)" for b in others) + ".") if others else None,
            _nearest_hint(session, ctx, board, day),
        ]
        return message(f"The {board.name} has no meeting on {long_date(day)}.", " ".join(h for h in hints if h) or None)
    return board, meeting


@command(
    "agenda",
    kept=True,
    aliases=("agendas",),
    summary="The agenda of one meeting",
    usage="agenda [next | last | DATE] [board]",
    examples=("agenda", "agenda last", "agenda next thursday health"),
    details="Shows one meeting's agenda: the next one, or the one on a day you name "
    "(`2027-06-16`, `16 June`, `next thursday`), of this channel's board or the one you name.",
)
def agenda(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        found = find_meeting(session, ctx, words, prefer="next")  # agendas are read before meetings
        if isinstance(found, Reply):
            return found
        board, meeting = found
        return meeting_reply(session, ctx, board, meeting, f"Agenda: {board.name}")


def meeting_to_share(ctx: Context, meeting_id: int) -> tuple[Reply, str] | Reply:
    """The *Share in channel* button: the meeting as everyone in the channel sees it (no personal
    buttons), and the board's name for the confirmation; or why it cannot be shared."""
    with read_only(ctx.engine) as session:
        meeting = session.get(Meeting, meeting_id)
        board = session.get(Board, meeting.board_id) if meeting is not None else None
        if meeting is None or board is None or meeting.archived_at is not None or not ctx.channel_id:
            return message("That meeting is no longer in the diary.")
        return meeting_reply(session, ctx, board, meeting, f"{board.name}: meeting"), board.name
