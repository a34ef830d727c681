"""Reminders about meetings: the agenda a week before and the meeting the day before (to the
board's channel), a DM to each presenter, and matters arising for the officers.

Only meetings going ahead (status "scheduled") have reminders: a cancelled or postponed meeting
stops them at once, and a moved one gets them afresh for its new day.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, bindparam, or_
from sqlmodel import col, select

from commands.actions import STATUS_WORDS
from commands.core import notify
from commands.core.context import Context
from commands.core.formatting import long_date, relative_days
from commands.meetings import meeting_view
from commands.reminder_engine.rules import Due, Partnership, channel_target, channel_words, person_target, stored
from commands.reminder_engine.times import send_at, working_days_before
from storage import meetings as meeting_queries
from storage.actions import updates_by_action
from storage.meetings import local_day_bounds
from storage.tables import Action, AgendaItem, Board, BoardMember, Meeting, Person

# Built once: a sweep runs every minute, and most of its cost is building its few queries.
_GOING_AHEAD = (
    select(Meeting)
    .where(
        col(Meeting.starts_at) >= bindparam("low"),
        col(Meeting.starts_at) < bindparam("high"),
        col(Meeting.status) == "scheduled",
        col(Meeting.archived_at).is_(None),
    )
    .order_by(col(Meeting.starts_at))
)


def _lookahead(p: Partnership) -> int:
    """How many days ahead of the window a meeting can be and still have a reminder in it."""
    days = [0]
    for s in p.reminder_settings.values():
        days += [d for d in (s.agenda_week_days, s.agenda_day_days, s.matters_arising_days) if d is not None]
        if s.presenter_working_days is not None:
            days.append(s.presenter_working_days + 2 * (s.presenter_working_days // 5 + 1))
    return max(days) + 3  # + a weekend moved over


def dues(p: Partnership) -> list[Due]:
    first, last = p.start.astimezone(p.tz).date(), p.end.astimezone(p.tz).date()
    low = local_day_bounds(first, p.tz)[0]
    high = local_day_bounds(last + timedelta(days=_lookahead(p)), p.tz)[1]
    found: list[Due] = []
    for meeting in p.session.exec(_GOING_AHEAD, params={"low": low, "high": high}).all():
        if meeting.board_id in p.boards:
            found += _for_meeting(p, p.boards[meeting.board_id], meeting)
    return found


def _for_meeting(p: Partnership, board: Board, meeting: Meeting) -> list[Due]:
    s = p.settings_for(board)
    day = meeting.starts_at.astimezone(p.tz).date()
    occasion = f"meeting:{meeting.id}:{day.isoformat()}"
    found = []
    for kind, days in (("agenda_week", s.agenda_week_days), ("agenda_day", s.agenda_day_days)):
        if days is None:
            continue
        due_at = send_at(day - timedelta(days=days), s.hour, p.tz, region=p.region)
        if p.in_window(due_at) and due_at < meeting.starts_at:
            found.append(_agenda(p, board, meeting, kind, occasion, due_at))
    if s.presenter_working_days is not None:
        due_at = send_at(
            working_days_before(day, s.presenter_working_days, region=p.region), s.hour, p.tz, region=p.region
        )
        if p.in_window(due_at) and due_at < meeting.starts_at:
            found += _presenters(p, board, meeting, occasion, due_at)
    if s.matters_arising_days is not None:
        due_at = send_at(day - timedelta(days=s.matters_arising_days), s.hour, p.tz, region=p.region)
        if p.in_window(due_at) and due_at < meeting.starts_at:
            found += _matters_arising(p, board, meeting, occasion, due_at)
    return found


def _view(p: Partnership, board: Board, meeting: Meeting, due_at: datetime) -> dict[str, Any]:
    engine = p.session.get_bind()
    assert isinstance(engine, Engine)  # the sweep's sessions are bound to the engine, not a connection
    ctx = Context(engine=engine, settings=p.settings, surface="channel", now=max(due_at, p.now))
    return meeting_view(p.session, ctx, board, meeting)


def _agenda(p: Partnership, board: Board, meeting: Meeting, kind: str, occasion: str, due_at: datetime) -> Due:
    view = _view(p, board, meeting, due_at)
    when = relative_days(meeting.starts_at.astimezone(p.tz).date(), p.today(due_at))
    what = "Agenda" if kind == "agenda_week" else "Meeting"
    return Due(
        kind,
        channel_target(board),
        occasion,
        due_at,
        channel_words(board),
        f"{what} reminder: {board.name}, {view['date']} ({when})",
        f"reminder_{kind}",
        {"meeting": view, "when": when, "board": board.name},
        expires_at=meeting.starts_at,
    )


def _presenters(p: Partnership, board: Board, meeting: Meeting, occasion: str, due_at: datetime) -> list[Due]:
    items = [i for i in meeting_queries.agenda(p.session, stored(meeting.id)) if i.presenter_id]
    people = p.people(i.presenter_id for i in items)
    by_person: dict[int, list[AgendaItem]] = {}
    for item in items:
        person = people.get(item.presenter_id or 0)
        if person is not None and person.archived_at is None and notify.hears(person, "presenter", board):
            by_person.setdefault(stored(person.id), []).append(item)
    view = _view(p, board, meeting, due_at)
    found = []
    for person_id, own in by_person.items():
        person = people[person_id]
        numbers = [i.number for i in own]
        shown = [item for item in view["agenda"] if item["number"] in numbers]
        found.append(
            Due(
                "presenter",
                person_target(person),
                occasion,
                due_at,
                person.name,
                f"Presenter's reminder to {person.name}: {_items(numbers)} at {board.name}, {view['date']}",
                "reminder_presenter",
                {
                    "meeting": view,
                    "items": shown,
                    "weekday": f"{meeting.starts_at.astimezone(p.tz):%A}",
                    "name": person.name,
                },
                expires_at=meeting.starts_at,
            )
        )
    return found


def _items(numbers: list[str]) -> str:
    if len(numbers) == 1:
        return f"item {numbers[0]}"
    return f"items {', '.join(numbers[:-1])} and {numbers[-1]}"


def officers_of(p: Partnership, board: Board) -> list[Person]:
    """The officers who serve the board: people with the officer role who sit on it, and anyone the
    board lists as its officer. A board none of them serves goes to its parent's officers, and only
    then to every officer (else every admin), because somebody must draft the report. Read once a
    sweep for each board."""
    if board.id not in p.officers:
        p.officers[stored(board.id)] = _officers_of(p, board)
    return p.officers[stored(board.id)]


def _officers_of(p: Partnership, board: Board) -> list[Person]:

    def with_role(role: str) -> list[Person]:
        return list(
            p.session.exec(
                select(Person)
                .where(col(Person.role) == role, col(Person.archived_at).is_(None))
                .order_by(col(Person.name))
            ).all()
        )

    seen: set[int | None] = set()
    for candidate in (board, p.boards.get(board.parent_id) if board.parent_id else None):
        if candidate is None or candidate.id in seen:
            continue
        seen.add(candidate.id)
        serving = list(
            p.session.exec(
                select(Person)
                .join(BoardMember, col(BoardMember.person_id) == col(Person.id))
                .where(
                    col(BoardMember.board_id) == candidate.id,
                    col(BoardMember.archived_at).is_(None),
                    col(Person.archived_at).is_(None),
                    or_(col(Person.role) == "officer", col(BoardMember.position) == "officer"),
                )
                .order_by(col(Person.name))
            ).all()
        )
        if serving:
            return serving
    return with_role("officer") or with_role("admin")


def _matters_arising(p: Partnership, board: Board, meeting: Meeting, occasion: str, due_at: datetime) -> list[Due]:
    previous = p.session.exec(
        select(Meeting)
        .where(
            col(Meeting.board_id) == board.id,
            col(Meeting.starts_at) < meeting.starts_at,
            col(Meeting.status) != "cancelled",
            col(Meeting.archived_at).is_(None),
        )
        .order_by(col(Meeting.starts_at).desc())
    ).first()
    if previous is None:
        return []  # a board's first meeting has no matters arising
    actions = p.session.exec(
        select(Action)
        .where(col(Action.meeting_id) == previous.id, col(Action.archived_at).is_(None))
        .order_by(col(Action.id))
    ).all()
    owners = p.people(a.owner_id for a in actions)
    today = p.today(due_at)
    updates = updates_by_action(p.session, [stored(a.id) for a in actions])  # one query, not one each
    rows = []
    for action in actions:
        notes = updates.get(stored(action.id))
        owner = owners.get(action.owner_id) if action.owner_id else None
        due = action.due_date
        late = action.status in ("open", "in_progress") and due is not None and due < today
        rows.append(
            {
                "ref": action.ref,
                "description": action.description,
                "owner": owner.name if owner else (action.owner_text or "no owner"),
                "status": STATUS_WORDS.get(action.status, action.status),
                "due": long_date(action.due_date) if action.due_date else None,
                "days_overdue": (today - due).days if late and due else 0,
                "latest": notes[-1].text if notes else None,
            }
        )
    view = _view(p, board, meeting, due_at)
    data = {
        "meeting": view,
        "board": board.name,
        "previous": long_date(previous.starts_at.astimezone(p.tz)),
        "actions": rows,
    }
    return [
        Due(
            "matters_arising",
            person_target(officer),
            occasion,
            due_at,
            officer.name,
            f"Matters arising for {board.name}, {view['date']}: {len(rows)} "
            f"action{'' if len(rows) == 1 else 's'} from {data['previous']}",
            "reminder_matters_arising",
            data,
            expires_at=meeting.starts_at,
        )
        for officer in officers_of(p, board)
        if notify.hears(officer, "matters_arising", board)
    ]
