"""Meetings: `next-meeting [board]`."""

from __future__ import annotations

from sqlmodel import Session

from commands.boards import choose_board
from commands.context import Context
from commands.formatting import clock, long_date, zone_label
from commands.registry import command
from commands.reply import Reply, message
from storage import meetings as meeting_queries
from storage.tables import Board, Meeting, Person
from storage.db import read_only

PURPOSE_WORDS = {"information": "for information", "discussion": "for discussion", "decision": "for decision"}
PAPER_WORDS = {"report": "report attached", "presentation": "presentation", "to_follow": "report to follow",
               "verbal": "verbal update", "none": None}


def meeting_view(session: Session, ctx: Context, board: Board, meeting: Meeting) -> dict:
    """The facts of one meeting and its agenda, formatted for templates."""
    starts = meeting.starts_at.astimezone(ctx.tz)
    items = meeting_queries.agenda(session, meeting.id)
    papers = meeting_queries.papers_for(session, [item.id for item in items])
    agenda = []
    for item in items:
        presenter = item.presenter_text
        if not presenter and item.presenter_id:
            person = session.get(Person, item.presenter_id)
            presenter = person.name if person else None
        agenda.append({
            "number": item.number, "title": item.title, "presenter": presenter,
            "purpose": PURPOSE_WORDS.get(item.purpose or ""),
            "paper": PAPER_WORDS.get(item.paper_kind or ""),
            "papers": [{"title": p.title, "url": p.url} for p in papers.get(item.id, [])],
        })
    return {
        "board": board.name, "board_slug": board.slug, "meeting_id": meeting.id,
        "date": long_date(starts), "time": clock(starts), "zone": zone_label(starts),
        "iso_date": starts.date().isoformat(),
        "venue": meeting.venue, "address": meeting.address, "note": meeting.note,
        "status": meeting.status, "status_reason": meeting.status_reason, "agenda": agenda,
    }


@command("next-meeting", aliases=("next", "nextmeeting", "next_meeting", "meeting"),
         summary="When and where the next meeting is, and its agenda",
         usage="next-meeting [board]", examples=("next-meeting", "next-meeting safer"),
         details="Shows the next meeting of a board: date and start time (UK time), venue and address, "
                 "and the agenda with presenters and purposes. Without a board it uses this channel's "
                 "board, or the Forum. Cancelled meetings are skipped; postponed ones say so.")
def next_meeting(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        board = choose_board(session, ctx, words)
        if isinstance(board, Reply):
            return board
        meeting = meeting_queries.next_meeting(session, board.id, ctx.now)
        if meeting is None:
            return message(f"No upcoming meeting of the {board.name} is in the diary yet.",
                           "Officers add meetings with `forum import`, or ask the Partnership Manager.")
        following = None
        if meeting.status == "postponed":
            # Members still need to know when they next actually meet.
            later = [m for m in meeting_queries.upcoming_meetings(session, board.id, meeting.starts_at, limit=3)
                     if m.id != meeting.id and m.status != "postponed"]
            if later:
                following = meeting_view(session, ctx, board, later[0])
        return Reply("next_meeting", {"meeting": meeting_view(session, ctx, board, meeting),
                                      "following": following})
