"""The next agenda pack, drafted from what the bot holds: `draft agenda [board]` (officers).

The pack is a reply object like any other answer; `templates/agenda_pack.py` renders it as a Word
document in the genre's layout — a front sheet and agenda, the previous meeting's minutes as
recorded, a Matters Arising report and an Exceptions report — so `forum import` reads it back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlmodel import Session, col, select

from commands.actions import action_views
from commands.apologies import KIND_TITLES
from commands.core.boards import choose_board
from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.permissions import EDITORS, check
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.indicators import board_and_below, indicator_views
from commands.meetings import meeting_view
from storage import actions as action_queries
from storage import consultations as consultation_queries
from storage import indicators as indicator_queries
from storage import meetings as meeting_queries
from storage import people as people_queries
from storage.db import read_only
from storage.tables import Action, Attendance, Board, Meeting, Minute, Resolution

# The items every agenda of the genre opens and closes with, when none are planned yet.
STANDING_OPENING = [
    ("Introductions and apologies", None),
    ("Minutes of the last meeting", "report"),
    ("Matters arising", "report"),
]
STANDING_CLOSING = [("Any other business", None)]
MAX_EXCEPTIONS = 30


def agenda_pack(session: Session, ctx: Context, board: Board) -> dict[str, Any] | Reply:
    """Everything the pack says, as data; a Reply when there is no next meeting to draft for."""
    assert board.id is not None
    meeting = meeting_queries.next_meeting(session, board.id, ctx.now)
    if meeting is None:
        return message(
            f"{board.name} has no meeting coming up to draft an agenda for.",
            "Add one with `new meeting` (or import the schedule), then draft again.",
        )
    view = meeting_view(session, ctx, board, meeting)
    previous = meeting_queries.last_meeting(session, board.id, meeting.starts_at)
    items = view["agenda"] or _standing_items()
    after = meeting_queries.upcoming_meetings(session, board.id, meeting.starts_at + timedelta(minutes=1), limit=1)
    horizon = after[0].starts_at.astimezone(ctx.tz).date() if after else meeting.starts_at.astimezone(ctx.tz).date()
    return {
        "board": board.name,
        "meeting": {k: view[k] for k in ("date", "time", "iso_date", "venue", "address", "note")},
        "items": items,
        "previous": _minutes(session, ctx, board, previous) if previous else None,
        "matters_arising": _matters_arising(session, ctx, previous) if previous else [],
        "exceptions": _exceptions(session, ctx, board, horizon),
    }


def _standing_items() -> list[dict[str, Any]]:
    titles = STANDING_OPENING + STANDING_CLOSING
    return [
        {"number": str(n), "title": t, "presenter": None, "purpose": None, "paper": "report attached" if k else None}
        for n, (t, k) in enumerate(titles, 1)
    ]


def _minutes(session: Session, ctx: Context, board: Board, meeting: Meeting) -> dict[str, Any]:
    rows = session.exec(
        select(Attendance).where(col(Attendance.meeting_id) == meeting.id, col(Attendance.archived_at).is_(None))
    ).all()
    names = people_queries.names_by_id(session, [r.person_id for r in rows] + [r.substitute_for_id for r in rows])
    sections = []
    for kind, heading in KIND_TITLES:
        people = []
        for row in rows:
            if row.kind == kind:
                name = names.get(row.person_id) or row.name_text or "someone"
                if kind == "substitute":
                    name += (
                        f" substituting for {names.get(row.substitute_for_id) or row.substitute_for_text or 'a member'}"
                    )
                people.append(name)
        if people:
            sections.append({"heading": heading, "people": people})
    minutes = session.exec(
        select(Minute)
        .where(col(Minute.meeting_id) == meeting.id, col(Minute.archived_at).is_(None))
        .order_by(col(Minute.position), col(Minute.id))
    ).all()
    resolutions: dict[int, list[Resolution]] = {}
    for resolution in session.exec(
        select(Resolution)
        .where(col(Resolution.minute_id).in_([m.id for m in minutes]), col(Resolution.archived_at).is_(None))
        .order_by(col(Resolution.position), col(Resolution.id))
    ).all():
        resolutions.setdefault(resolution.minute_id, []).append(resolution)
    starts = meeting.starts_at.astimezone(ctx.tz)
    return {
        "board": board.name,
        "date": long_date(starts.date()),
        "time": None if meeting.time_unknown else f"{starts:%-I.%M %p}".lower().replace(" ", ""),
        "venue": ", ".join(v for v in (meeting.venue, meeting.address) if v) or None,
        "attendance": sections,
        "minutes": [
            {
                "number": m.number,
                "title": m.title,
                "ref": m.ref,
                "discussion": m.discussion,
                "resolutions": [{"label": r.label, "text": r.text} for r in resolutions.get(m.id or 0, [])],
            }
            for m in minutes
        ],
    }


def _matters_arising(session: Session, ctx: Context, meeting: Meeting) -> list[dict[str, Any]]:
    """Every action from the previous meeting: owner, due date, status and its latest progress note."""
    actions = session.exec(
        select(Action)
        .where(col(Action.meeting_id) == meeting.id, col(Action.archived_at).is_(None))
        .order_by(col(Action.id))
    ).all()
    minutes = {m.id: m for m in session.exec(select(Minute).where(col(Minute.meeting_id) == meeting.id)).all()}
    updates = action_queries.updates_by_action(session, [a.id for a in actions if a.id is not None])
    views = action_views(session, ctx, list(actions))
    matters = []
    for action, view in zip(actions, views, strict=True):
        minute = minutes.get(action.minute_id)
        notes = updates.get(action.id or 0) or []
        latest = notes[-1] if notes else None
        matters.append(
            {
                **view,
                "minute": minute.number if minute else None,
                "minute_title": minute.title if minute else None,
                "latest": latest.text if latest else None,
            }
        )
    return matters


def _exceptions(session: Session, ctx: Context, board: Board, horizon: Any) -> dict[str, Any]:
    """Red and amber indicators of the board and the boards under it, its overdue actions by owner,
    and consultations closing before the meeting after next."""
    boards = board_and_below(session, board)
    indicators = [
        v
        for v in indicator_views(session, ctx, indicator_queries.active_indicators(session, boards))
        if v["rag"] in ("red", "amber")
    ]
    indicators.sort(key=lambda v: (v["rag"] != "red", v["code"]))
    overdue = [
        a for board_id in boards for a in action_queries.actions_where(session, board_id=board_id, overdue_on=ctx.today)
    ]
    overdue_views = sorted(action_views(session, ctx, overdue), key=lambda v: (v["owner"], -v["days_overdue"]))
    closing = [
        c
        for c in consultation_queries.consultations(session, ctx.today)
        if c.closes is not None and c.closes <= horizon and (c.board_id is None or c.board_id in boards)
    ]
    owners = consultation_queries.owner_names(session, closing)
    return {
        "indicators": indicators[:MAX_EXCEPTIONS],
        "overdue": overdue_views[:MAX_EXCEPTIONS],
        "consultations": [
            {
                "ref": c.ref,
                "title": c.title,
                "closes": long_date(c.closes) if c.closes else None,
                "owner": owners.get(c.response_owner_id) or c.response_owner_text,
                "source": c.source,
            }
            for c in closing[:MAX_EXCEPTIONS]
        ],
        "horizon": long_date(horizon),
    }


@command(
    "draft",
    summary="The next meeting's agenda pack, drafted in Word from what the bot holds (officers)",
    usage="draft agenda [board]",
    examples=("draft agenda forum",),
    details="A front sheet and agenda, the previous meeting's minutes as recorded, a Matters Arising report "
    "(each action from that meeting with its owner, due date, status and latest note) and an Exceptions "
    "report (red and amber indicators, overdue actions, consultations closing soon). In Slack it arrives "
    "in your DM; on the command line: `forum draft agenda BOARD --out FILE.docx`.",
)
def draft_agenda(ctx: Context, words: str) -> Reply:
    what, _, words = words.strip().partition(" ")
    if what.casefold() not in ("agenda", "pack", "agenda-pack"):
        return message("What shall I draft? `draft agenda [board]` drafts the next meeting's agenda pack.")
    words = words.removeprefix("pack ").strip() if what.casefold() == "agenda" else words
    with read_only(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "draft agenda packs"):
            return refused
        board = choose_board(session, ctx, words.strip())
        if isinstance(board, Reply):
            return board
        pack = agenda_pack(session, ctx, board)
        if isinstance(pack, Reply):
            return pack
        return Reply("draft_agenda", {"pack": pack, "slug": board.slug, "surface": ctx.surface})
