"""Calendar invitations by e-mail (issue 18): each board member who hears by e-mail gets an iCalendar
invitation (METHOD:REQUEST) for each of the board's meetings in the next `HORIZON`, and when the
meeting is moved, its venue changes or it is postponed, an update; when it is cancelled, a
METHOD:CANCEL — so it moves (or goes) in their Outlook or Google calendar by itself.

- The event is the calendar feed's (commands/calendar.py `_event`): the same UID, TZID Europe/London
  with its VTIMEZONE (a 2:00 pm meeting stays at 2:00 pm across the clock change), SEQUENCE the
  meeting row's version, which rises with every change, so each update replaces the one before.
- What an invitation says is its start, end, venue, address and status (`state`); an edit of
  anything else (a note, the agenda) sends nothing. Each invitation is a delivery of its own, kind
  "invitation", occasion `meeting:ID:VERSION:STATE`, claimed and sent exactly once like any
  reminder; the delivery log says which state each member last got, and a new one goes only
  when the meeting's state differs from it.
- A cancel goes only to those who were sent an invitation of the meeting (nothing to take out of
  a calendar otherwise). A meeting whose time is unknown (a paper gave the day only) has none until
  it has a time.
- Who: the board's members whose route (commands/core/notify.py `routes`) includes e-mail — those
  with no Slack account, or who chose e-mail or both. Slack-only members have *Add to calendar*
  and the feed instead. Invitations are not a reminder group (`notify off agenda` does not stop
  them): they follow the person's route, and a board they muted sends them none.
- They are due at once (at the sweep that first sees the state), and pointless once the meeting
  has begun.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta
from email.utils import formataddr, parseaddr

from sqlalchemy import Engine, or_
from sqlmodel import Session, col, select

from commands.core import notify
from commands.core.context import Context
from commands.meetings import meeting_view
from commands.reminder_engine.rules import MAIL, Due, Partnership, stored
from storage.deliveries import OPEN
from storage.tables import Board, BoardMember, Delivery, Meeting, Person

KIND = "invitation"
HORIZON = timedelta(days=90)
STATUSES = ("scheduled", "postponed", "cancelled")


def state(meeting: Meeting) -> str:
    """What an invitation says, as a short digest: the same meeting state, the same digest."""
    said = [meeting.starts_at.isoformat(), meeting.ends_at.isoformat() if meeting.ends_at else "", meeting.status]
    said += [meeting.venue or "", meeting.address or ""]
    return hashlib.sha256("\x1f".join(said).encode()).hexdigest()[:12]


def _state_of(occasion: str) -> str:
    return occasion.rpartition(":")[2]


def dues(p: Partnership) -> list[Due]:
    if not p.settings.sends_email:
        return []
    meetings = p.session.exec(
        select(Meeting)
        .where(
            col(Meeting.starts_at) >= p.now,
            col(Meeting.starts_at) < p.now + HORIZON,
            col(Meeting.status).in_(STATUSES),
            col(Meeting.archived_at).is_(None),
            col(Meeting.time_unknown).is_(False),
            col(Meeting.board_id).in_(list(p.boards)),
        )
        .order_by(col(Meeting.starts_at))
    ).all()
    if not meetings:
        return []
    members: dict[int, list[Person]] = {}
    for board_id, person in p.session.exec(
        select(BoardMember.board_id, Person)
        .join(Person, col(Person.id) == col(BoardMember.person_id))
        .where(
            col(BoardMember.board_id).in_({m.board_id for m in meetings}),
            col(BoardMember.archived_at).is_(None),
            col(Person.archived_at).is_(None),
            col(Person.email).is_not(None),
        )
        .order_by(col(Person.name))
    ).all():
        if "email" in notify.routes(person) and notify.hears(person, KIND, p.boards[board_id]):
            members.setdefault(board_id, []).append(person)
    meetings = [m for m in meetings if m.board_id in members]
    if not meetings:
        return []
    # What each member was last sent about each meeting, in the order it was sent.
    logged: dict[tuple[str, int], list[tuple[str, str]]] = {}
    rows = p.session.exec(
        select(Delivery.target, Delivery.occasion, Delivery.status)
        .where(
            col(Delivery.kind) == KIND,
            or_(*(col(Delivery.occasion).startswith(f"meeting:{m.id}:") for m in meetings)),
        )
        .order_by(col(Delivery.id))
    ).all()
    for target, occasion, status in rows:
        logged.setdefault((target, int(occasion.split(":")[1])), []).append((occasion, status))
    found: list[Due] = []
    for meeting in meetings:
        board = p.boards[meeting.board_id]
        now_says = state(meeting)
        for person in members[meeting.board_id]:
            target = f"{MAIL}{stored(person.id)}"
            history = logged.get((target, stored(meeting.id)), [])
            occasion = f"meeting:{meeting.id}:{meeting.version or 1}:{now_says}"
            if history and _state_of(history[-1][0]) == now_says:
                if history[-1][1] not in OPEN:
                    continue  # they have it (or it failed for good, and officers see that)
                occasion = history[-1][0]  # still being sent: the same delivery
            sent_before = any(status == "sent" for _, status in history)
            if meeting.status == "cancelled" and not sent_before:
                continue  # never invited: nothing to take out of their calendar
            found.append(_due(p, board, meeting, person, target, occasion, update=sent_before))
    return found


def _due(
    p: Partnership, board: Board, meeting: Meeting, person: Person, target: str, occasion: str, update: bool
) -> Due:
    engine = p.session.get_bind()
    assert isinstance(engine, Engine)  # the sweep's sessions are bound to the engine, not a connection
    ctx = Context(engine=engine, settings=p.settings, surface="slack", now=p.now)
    view = meeting_view(p.session, ctx, board, meeting)
    cancel = meeting.status == "cancelled"
    if cancel:
        what = "Cancelled"
    elif meeting.status == "postponed":
        what = "Postponed"
    else:
        what = "Updated invitation" if update else "Invitation"
    address = formataddr((person.name, person.email or ""))
    return Due(
        KIND,
        target,
        occasion,
        p.now,
        f"{person.name} (e-mail)",
        f"{what}: {board.name}, {view['date']} at {view['time']}",
        "invitation",
        {"meeting": view, "board": board.name, "update": update, "cancel": cancel},
        expires_at=meeting.starts_at,
        address=address,
        calendar=invitation(p.session, ctx, board, meeting, address, cancel),
    )


def invitation(session: Session, ctx: Context, board: Board, meeting: Meeting, attendee: str, cancel: bool) -> str:
    """The iCalendar text of one member's invitation (METHOD:REQUEST) or its cancel (METHOD:CANCEL):
    the feed's event, with ORGANIZER (FORUM_MAIL_FROM) and ATTENDEE (the member) added."""
    import icalendar

    from commands.calendar import _calendar, _event

    event = _event(session, ctx, board, meeting)
    sender_name, sender = parseaddr(ctx.settings.mail_from or "")
    organizer = icalendar.vCalAddress(f"mailto:{sender}")
    if sender_name:
        organizer.params["cn"] = icalendar.vText(sender_name)
    event.add("organizer", organizer)
    name, address = parseaddr(attendee)
    guest = icalendar.vCalAddress(f"mailto:{address}")
    guest.params.update({"cn": icalendar.vText(name or address), "role": "REQ-PARTICIPANT"})
    guest.params.update({"partstat": "NEEDS-ACTION", "rsvp": "FALSE"})
    event.add("attendee", guest)
    calendar = _calendar(board.name)
    calendar.add("method", "CANCEL" if cancel else "REQUEST")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    text: str = calendar.to_ical().decode()
    return text
