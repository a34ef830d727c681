"""Apologies for absence, and who came: `apologies [next | DATE] [board] [sub @person]`,
`apologies withdraw [next | DATE]`, `attendance [next | DATE] [board]`."""

from __future__ import annotations

import re
from typing import Any

from sqlmodel import Session, col, select

from commands.core.context import Context
from commands.core.people import caller, resolve_person
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.meetings import find_meeting, reason_words, split_day_and_board, when
from storage import meetings as meeting_queries
from storage.db import read_only, transaction
from storage.tables import Attendance, Board, Meeting, Person
from storage.writes import change, create

_SUB = re.compile(r"\b(?:sub|substitute|substituted by|with substitute)\s+(.+)$", re.IGNORECASE)


def _mine(session: Session, meeting_id: int, person_id: int, kind: str | None = None) -> Attendance | None:
    statement = select(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
    if kind:
        statement = statement.where(Attendance.kind == kind)
    return session.exec(statement).first()


def record_apologies(
    ctx: Context, session: Session, board: Board, meeting: Meeting, substitute: Person | None = None
) -> Reply:
    me = caller(session, ctx)
    if me is None:
        return message(
            "I don't know you yet, so I can't record apologies for you.", "Ask an officer to add your Slack account."
        )
    if meeting.starts_at < ctx.now:
        return message("That meeting has already started or happened; apologies can't be sent now.")
    if meeting.status == "cancelled":
        return message("That meeting is cancelled: no apologies needed.")
    if substitute is not None and substitute.id == me.id:
        return message("You can't substitute for yourself.")
    actor, facts = ctx.user_id or "console", when(ctx, meeting)
    assert meeting.id is not None and me.id is not None  # stored rows have their ids
    existing = _mine(session, meeting.id, me.id)
    values: dict[str, Any] = {"kind": "apologies", "name_text": me.name, "archived_at": None}
    if existing is None:
        create(session, actor, Attendance(meeting_id=meeting.id, person_id=me.id, source=f"slack:{actor}", **values))
    else:
        change(session, actor, existing, values)
    said = f"Apologies recorded for you, {me.name}, for the {board.name} on {facts['date']} at {facts['time']}."
    if substitute is not None:
        assert substitute.id is not None
        sub = _mine(session, meeting.id, substitute.id)
        sub_values: dict[str, Any] = {
            "kind": "substitute",
            "substitute_for_id": me.id,
            "substitute_for_text": me.name,
            "name_text": substitute.name,
            "archived_at": None,
        }
        if sub is None:
            create(
                session,
                actor,
                Attendance(meeting_id=meeting.id, person_id=substitute.id, source=f"slack:{actor}", **sub_values),
            )
        else:
            change(session, actor, sub, sub_values)
        said += f" {substitute.name} will substitute for you."
    return message(":memo: " + said, "Changed your mind? `/forum apologies withdraw`.")


@command(
    "apologies",
    aliases=("apology", "apologise", "apologize", "absent"),
    summary="Send your apologies for a meeting (and a substitute), or withdraw them",
    usage="apologies [next | DATE] [board] [sub @person] | apologies withdraw [next | DATE]",
    examples=("apologies", "apologies next safer sub @Prue", "apologies withdraw"),
    details="Records that you can't come to a meeting (the next one of this channel's board unless "
    "you name a day or board), optionally with who will substitute for you.",
)
def apologies(ctx: Context, words: str) -> Reply:
    withdraw = False
    first, _, rest = words.partition(" ")
    if first.casefold() in {"withdraw", "cancel", "undo", "remove"}:
        withdraw, words = True, rest
    substitute_words = None
    if match := _SUB.search(words):
        substitute_words, words = match.group(1).strip(), words[: match.start()].strip()
    with transaction(ctx.engine) as session:
        found = find_meeting(session, ctx, words, prefer="next")  # apologies are for meetings to come
        if isinstance(found, Reply):
            return found
        board, meeting = found
        assert board.id is not None  # a stored board has its id
        postponed = None
        if meeting.status == "postponed" and not withdraw and _names_no_day(session, ctx, words):
            # "the next meeting" is the next one that will take place; say which was passed over.
            held = [
                m
                for m in meeting_queries.upcoming_meetings(session, board.id, meeting.starts_at, limit=5)
                if m.id != meeting.id and m.status != "postponed"
            ]
            if not held:
                return message(
                    f"The {board.name}'s next meeting, {when(ctx, meeting)['date']}, is postponed"
                    + (f" ({why.rstrip('.')})" if (why := reason_words("postponed", meeting.status_reason)) else "")
                    + " and no later one is in the diary yet, so there is nothing to send apologies for.",
                    "Try again once a new date is set.",
                )
            postponed, meeting = meeting, held[0]
        if withdraw:
            return withdraw_apologies(ctx, session, board, meeting)
        substitute: Person | None = None
        if substitute_words:
            named = resolve_person(session, substitute_words)
            if isinstance(named, Reply):
                return named
            substitute = named
        reply = record_apologies(ctx, session, board, meeting, substitute)
        if postponed is not None and reply.ok:
            why = reason_words("postponed", postponed.status_reason)
            reason = f" ({why.rstrip('.')})" if why else ""
            reply.data["text"] = (
                f":memo: The {board.name} meeting of {when(ctx, postponed)['date']} is postponed{reason}, "
                "so these are for the next one held. " + str(reply.data["text"]).removeprefix(":memo: ")
            )
        return reply


def _names_no_day(session: Session, ctx: Context, words: str) -> bool:
    """True when `words` pick the meeting as "the next one" rather than by its day."""
    day, _ = split_day_and_board(session, ctx, words, prefer="next")
    return day in (None, "next")


def withdraw_apologies(ctx: Context, session: Session, board: Board, meeting: Meeting) -> Reply:
    me = caller(session, ctx)
    assert meeting.id is not None  # a stored meeting has its id
    mine = _mine(session, meeting.id, me.id, "apologies") if me is not None and me.id is not None else None
    if me is None or mine is None or mine.archived_at is not None:
        return message(f"You have no apologies recorded for the {board.name} on {when(ctx, meeting)['date']}.")
    actor = ctx.user_id or "console"
    change(session, actor, mine, {"archived_at": ctx.now}, verb="archive", note="apologies withdrawn")
    for sub in session.exec(
        select(Attendance).where(
            Attendance.meeting_id == meeting.id,
            Attendance.substitute_for_id == me.id,
            col(Attendance.archived_at).is_(None),
        )
    ).all():
        change(session, actor, sub, {"archived_at": ctx.now}, verb="archive", note="apologies withdrawn")
    return message(f"Your apologies for the {board.name} on {when(ctx, meeting)['date']} are withdrawn: see you there.")


KIND_TITLES = [
    ("present", "Present"),
    ("substitute", "Substitutes"),
    ("observer", "Observers"),
    ("officer", "Officers in attendance"),
    ("apologies", "Apologies"),
]


@command(
    "attendance",
    aliases=("attendees", "who", "present"),
    summary="Who came to a meeting (or who has sent apologies)",
    usage="attendance [next | DATE] [board]",
    examples=("attendance last", "attendance next"),
    details="Lists members present, substitutes (and for whom), observers, officers and apologies, "
    "from the minutes, or for a coming meeting from the apologies sent so far.",
)
def attendance(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        found = find_meeting(session, ctx, words, prefer="last")  # who came: a day already past
        if isinstance(found, Reply):
            return found
        board, meeting = found
        rows = session.exec(
            select(Attendance)
            .where(Attendance.meeting_id == meeting.id, col(Attendance.archived_at).is_(None))
            .order_by(col(Attendance.id))
        ).all()
        people = {
            p.id: p
            for p in session.exec(
                select(Person).where(
                    col(Person.id).in_({r.person_id for r in rows} | {r.substitute_for_id for r in rows})
                )
            ).all()
        }
        sections = []
        for kind, heading in KIND_TITLES:
            names = []
            for row in rows:
                if row.kind != kind:
                    continue
                name = people[row.person_id].name if row.person_id in people else (row.name_text or "someone")
                if kind == "substitute":
                    instead = people.get(row.substitute_for_id)
                    name += f" (for {instead.name if instead else row.substitute_for_text or 'a member'})"
                names.append(name)
            if names:
                sections.append({"heading": heading, "names": names})
        facts = when(ctx, meeting)
        return Reply(
            "attendance",
            {
                "title": f"Attendance: {board.name}, {facts['date']}",
                "sections": sections,
                "upcoming": meeting.starts_at >= ctx.now,
            },
        )


def apologies_for(ctx: Context, meeting_id: int) -> Reply:
    """The *Send apologies* button on a meeting: the caller's apologies for that meeting."""
    with transaction(ctx.engine) as session:
        meeting = session.get(Meeting, meeting_id)
        board = session.get(Board, meeting.board_id) if meeting is not None else None
        if meeting is None or board is None or meeting.archived_at is not None:
            return message("That meeting is no longer in the diary.")
        return record_apologies(ctx, session, board, meeting)
