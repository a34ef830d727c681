"""Papers published: each member of a board hears what is new or changed in the papers of its
next meetings since they last heard (issue 18).

What a meeting has published is its agenda (the agenda items), each paper attached to an item,
and the minutes of the board's previous meeting (they go out with the agenda, for approval). Each
row is Tracked, so the published set is known by its (table, id, version) rows: the occasion of
a member's message is the meeting, a fingerprint of that set, and the moment of its latest change
— an import that writes nothing changes nothing, and each change makes exactly one new message.

"Since they last heard": the latest change of the newest set each member was sent (read back
from their sent deliveries' occasions); what was created after it is new, what was changed after
it is changed. Someone who never heard (new to the board, or muted until now) hears it all.

When: at the board's working hour, the first one after the change (changes over a day go as one
message); if that is after the meeting has begun, as soon as working hours allow.

Late supplements: a paper published (or changed) fewer than `papers_late_working_days` (5) clear
working days before the meeting — after the agenda's despatch, in council terms — is flagged as a
late supplement, as is the message that carries it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, or_
from sqlalchemy import select as columns
from sqlmodel import col, select

from commands.core import notify
from commands.core.formatting import clock, long_date, relative_days, zone_label
from commands.reminder_engine.routing import targets
from commands.reminder_engine.rules import MAIL, Due, Partnership, person_target, stored
from commands.reminder_engine.times import next_working_hours, send_at, working_days_before
from storage.tables import AgendaItem, Board, BoardMember, Delivery, Meeting, Minute, Paper, Person, Resolution

KIND = "papers"
STAMP = "%Y%m%dT%H%M%S%f"  # the latest change, in the occasion: "papers:12:3f2a9c01b7d4:20270315T101500000000"
_NEVER = datetime(1970, 1, 1, tzinfo=UTC)

_UPCOMING = (
    select(Meeting)
    .where(
        col(Meeting.starts_at) > bindparam("after"),
        col(Meeting.status) == "scheduled",
        col(Meeting.archived_at).is_(None),
    )
    .order_by(col(Meeting.starts_at))
)


@dataclass(frozen=True)
class _Row:
    """What the rule needs of one published row: which it is, its version and when it was made and
    changed (read as plain columns: a sweep every minute need not build ORM objects or read minutes' text)."""

    table: str
    id: int
    version: int
    created_at: datetime | None
    updated_at: datetime | None
    number: str | None = None  # an agenda item's


@dataclass
class _Entry:
    """One thing published for a meeting: the agenda, a paper, or the previous meeting's minutes."""

    what: str  # agenda | paper | minutes
    title: str
    rows: Sequence[_Row]
    item: str | None = None  # the agenda item a paper is for
    url: str | None = None

    @property
    def created(self) -> datetime:
        return min(_created(r) for r in self.rows)

    @property
    def updated(self) -> datetime:
        return max(_updated(r) for r in self.rows)


def _created(row: _Row) -> datetime:
    return row.created_at or row.updated_at or _NEVER


def _updated(row: _Row) -> datetime:
    return max(row.updated_at or _NEVER, _created(row))


def dues(p: Partnership) -> list[Due]:
    meetings = [m for m in p.session.exec(_UPCOMING, params={"after": p.start}).all() if m.board_id in p.boards]
    if not meetings or not _changed_lately(p, meetings):
        return []
    published = _published(p, meetings)
    changed: list[tuple[Meeting, Board, list[_Entry], datetime]] = []
    for meeting in meetings:
        entries = published.get(stored(meeting.id), [])
        board = p.boards[meeting.board_id]
        due_at = _send_time(p, board, meeting, max(e.updated for e in entries)) if entries else None
        if due_at is not None and p.in_window(due_at):  # most sweeps: none changed lately, nothing more read
            changed.append((meeting, board, entries, due_at))
    if not changed:
        return []
    heard = _sent_by_meeting(p, [stored(m.id) for m, _, _, _ in changed])
    members = _members(p, list({stored(b.id): b for _, b, _, _ in changed}.values()))
    found: list[Due] = []
    for meeting, board, entries, due_at in changed:
        sent = heard.get(stored(meeting.id), [])
        found += _for_meeting(p, board, meeting, entries, due_at, sent, members[stored(board.id)])
    return found


def _tracked(table: Any) -> list[Any]:
    return [col(table.id), col(table.version), col(table.created_at), col(table.updated_at)]


# A change is told at the board's first working hour after it (a long weekend, or Christmas, puts
# that a few days on): one older than this cannot be due in a sweep's window.
_TOLD_WITHIN = timedelta(days=8)


def _changed_lately(p: Partnership, meetings: list[Meeting]) -> bool:
    """Whether anything these meetings publish — agenda items, papers, and minutes (or their
    resolutions) of their boards' meetings — was written lately: one query of four EXISTS, so that
    the usual sweep, long after the papers went out, reads no rows of them."""
    since = p.start - _TOLD_WITHIN
    ids = [stored(m.id) for m in meetings]
    boards = list({m.board_id for m in meetings})

    def lately(table: Any) -> Any:
        return or_(col(table.updated_at) >= since, col(table.created_at) >= since)

    items = columns(col(AgendaItem.id)).where(col(AgendaItem.meeting_id).in_(ids), lately(AgendaItem))
    papers = (
        columns(col(Paper.id))
        .join(AgendaItem, col(AgendaItem.id) == col(Paper.agenda_item_id))
        .where(col(AgendaItem.meeting_id).in_(ids), lately(Paper))
    )
    minutes = (
        columns(col(Minute.id))
        .join(Meeting, col(Meeting.id) == col(Minute.meeting_id))
        .where(col(Meeting.board_id).in_(boards), lately(Minute))
    )
    resolutions = (
        columns(col(Resolution.id))
        .join(Minute, col(Minute.id) == col(Resolution.minute_id))
        .join(Meeting, col(Meeting.id) == col(Minute.meeting_id))
        .where(col(Meeting.board_id).in_(boards), lately(Resolution))
    )
    anything = or_(*(query.exists() for query in (items, papers, minutes, resolutions)))
    return bool(p.session.connection().execute(columns(anything)).scalar())


def _rows(p: Partnership, statement: Select[Any]) -> Sequence[Any]:
    """Plain rows by the Core path (no ORM objects built)."""
    return p.session.connection().execute(statement).all()


def _published(p: Partnership, meetings: list[Meeting]) -> dict[int, list[_Entry]]:
    """What each meeting has published, in a handful of queries for all of them."""
    ids = [stored(m.id) for m in meetings]
    items = _rows(
        p,
        columns(*_tracked(AgendaItem), col(AgendaItem.number), col(AgendaItem.meeting_id))
        .where(col(AgendaItem.meeting_id).in_(ids), col(AgendaItem.archived_at).is_(None))
        .order_by(col(AgendaItem.position), col(AgendaItem.id)),
    )
    own: dict[int, list[_Row]] = {}
    of_item: dict[int, tuple[int, str]] = {}  # agenda item id → (meeting id, number)
    for item_id, version, created, updated, number, meeting_id in items:
        own.setdefault(meeting_id, []).append(_Row("agenda_item", item_id, version, created, updated, number))
        of_item[item_id] = (meeting_id, number)
    papers: dict[int, list[_Entry]] = {}
    if of_item:
        for paper_id, version, created, updated, title, url, item_id in _rows(
            p,
            columns(*_tracked(Paper), col(Paper.title), col(Paper.url), col(Paper.agenda_item_id))
            .where(col(Paper.agenda_item_id).in_(list(of_item)), col(Paper.archived_at).is_(None))
            .order_by(col(Paper.id)),
        ):
            meeting_id, number = of_item[item_id]
            row = _Row("paper", paper_id, version, created, updated)
            papers.setdefault(meeting_id, []).append(_Entry("paper", title, [row], item=number, url=url))
    previous = _previous_meetings(p, meetings)
    minutes = _minutes(p, {before_id for before_id, _ in previous.values()})
    out: dict[int, list[_Entry]] = {}
    for meeting_id in ids:
        entries: list[_Entry] = []
        items_here = own.get(meeting_id, [])
        if items_here:
            count = len(items_here)
            entries.append(_Entry("agenda", f"The agenda ({count} item{'' if count == 1 else 's'})", items_here))
        entries += papers.get(meeting_id, [])
        before = previous.get(meeting_id)
        if before is not None and minutes.get(before[0]):
            day = long_date(before[1].astimezone(p.tz))
            entries.append(_Entry("minutes", f"Minutes of the meeting of {day}", minutes[before[0]]))
        out[meeting_id] = entries
    return out


def _previous_meetings(p: Partnership, meetings: list[Meeting]) -> dict[int, tuple[int, datetime]]:
    """Each meeting's board's meeting before it (not cancelled), whose minutes go with its papers:
    {meeting id: (the one before's id, its start)}."""
    boards = {m.board_id for m in meetings}
    first, last = meetings[0].starts_at, meetings[-1].starts_at
    earlier = p.session.exec(
        select(col(Meeting.id), col(Meeting.board_id), col(Meeting.starts_at))
        .where(
            col(Meeting.board_id).in_(boards),
            col(Meeting.starts_at) < last,
            col(Meeting.starts_at) >= first - timedelta(days=400),
            col(Meeting.status) != "cancelled",
            col(Meeting.archived_at).is_(None),
        )
        .order_by(col(Meeting.starts_at))
    ).all()
    by_board: dict[int, list[tuple[int, datetime]]] = {}
    for meeting_id, board_id, starts_at in earlier:
        by_board.setdefault(board_id, []).append((stored(meeting_id), starts_at))
    out: dict[int, tuple[int, datetime]] = {}
    for meeting in meetings:
        before = [m for m in by_board.get(meeting.board_id, []) if m[1] < meeting.starts_at]
        if before:
            out[stored(meeting.id)] = before[-1]
    return out


def _minutes(p: Partnership, meeting_ids: set[int]) -> dict[int, list[_Row]]:
    if not meeting_ids:
        return {}
    out: dict[int, list[_Row]] = {}
    of_minute: dict[int, int] = {}
    for minute_id, version, created, updated, meeting_id in _rows(
        p,
        columns(*_tracked(Minute), col(Minute.meeting_id)).where(
            col(Minute.meeting_id).in_(meeting_ids), col(Minute.archived_at).is_(None)
        ),
    ):
        out.setdefault(meeting_id, []).append(_Row("minute", minute_id, version, created, updated))
        of_minute[minute_id] = meeting_id
    if not of_minute:
        return out
    # a corrected resolution is a change to the minutes too
    for resolution_id, version, created, updated, minute_id in _rows(
        p,
        columns(*_tracked(Resolution), col(Resolution.minute_id)).where(
            col(Resolution.minute_id).in_(list(of_minute)), col(Resolution.archived_at).is_(None)
        ),
    ):
        out[of_minute[minute_id]].append(_Row("resolution", resolution_id, version, created, updated))
    return out


def fingerprint(entries: Iterable[_Entry]) -> str:
    rows = sorted(f"{r.table}:{r.id}.{r.version}" for e in entries for r in e.rows)
    return hashlib.sha1(";".join(rows).encode(), usedforsecurity=False).hexdigest()[:12]


def _send_time(p: Partnership, board: Board, meeting: Meeting, latest: datetime) -> datetime | None:
    """The board's working hour after the change; on the day itself, as soon as working hours allow."""
    s = p.settings_for(board)
    day = latest.astimezone(p.tz).date()
    at = send_at(day, s.hour, p.tz, move="later", region=p.region)
    if at < latest:
        at = send_at(day + timedelta(days=1), s.hour, p.tz, move="later", region=p.region)
    if at >= meeting.starts_at:
        at = next_working_hours(latest, s.hour, p.tz, p.region)
    return at if at < meeting.starts_at else None


def _for_meeting(
    p: Partnership,
    board: Board,
    meeting: Meeting,
    entries: list[_Entry],
    due_at: datetime,
    sent: list[tuple[str, str]],
    members: list[Person],
) -> list[Due]:
    """Each member's message about this meeting's papers, sent at `due_at` (in the sweep's window)."""
    latest = max(e.updated for e in entries)
    occasion = f"{KIND}:{meeting.id}:{fingerprint(entries)}:{latest.astimezone(UTC):{STAMP}}"
    local = meeting.starts_at.astimezone(p.tz)
    late_days = p.settings_for(board).papers_late_working_days
    late_from = working_days_before(local.date(), late_days, region=p.region) if late_days is not None else None
    heard = _last_heard(sent, occasion)
    done = {target for target, earlier in sent if earlier == occasion}  # this very message, already sent
    email = p.settings.sends_email
    view = {
        "date": long_date(local),
        "time": None if meeting.time_unknown else clock(local),
        "zone": zone_label(local),
        "venue": meeting.venue,
    }
    found = []
    news: dict[datetime, tuple[list[dict[str, Any]], list[dict[str, Any]]]] = {}  # most members heard alike
    for person in members:
        if done and set(targets(person, email)) <= done:
            continue  # sent on every route they hear by: the sweep would only pass it by
        since = max((heard.get(t, _NEVER) for t in _targets(person)), default=_NEVER)
        if since not in news:
            news[since] = _news(p, entries, None if since == _NEVER else since, late_from)
        new, changed = news[since]
        if not new and not changed:
            continue
        late = any(e["late"] for e in (*new, *changed))
        counts = [f"{len(new)} new" if new else "", f"{len(changed)} changed" if changed else ""]
        found.append(
            Due(
                KIND,
                person_target(person),
                occasion,
                due_at,
                person.name,
                f"{'Late supplement' if late else 'Papers'} for {board.name}, {view['date']}: "
                + ", ".join(c for c in counts if c),
                "reminder_papers",
                {
                    "board": board.name,
                    "meeting": view,
                    "when": relative_days(local.date(), p.today(due_at)),
                    "name": person.name,
                    "first": since == _NEVER,
                    "late": late,
                    "late_days": late_days,
                    "new": new,
                    "changed": changed,
                },
                expires_at=meeting.starts_at,
            )
        )
    return found


def _news(
    p: Partnership, entries: list[_Entry], since: datetime | None, late_from: date | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """What is new and what changed after `since` (None: they never heard, so all of it is new)."""
    new: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    for entry in entries:
        if since is None or entry.created > since:
            moment, into = entry.created, new
            note = None
        elif entry.updated > since:
            moment, into = entry.updated, changed
            note = _agenda_changes(entry, since) if entry.what == "agenda" else None
        else:
            continue
        into.append(
            {
                "what": entry.what,
                "title": entry.title,
                "item": entry.item,
                "url": entry.url,
                "note": note,
                "late": late_from is not None and moment.astimezone(p.tz).date() >= late_from,
            }
        )
    return new, changed


def _agenda_changes(entry: _Entry, since: datetime) -> str | None:
    added = [r for r in entry.rows if r.table == "agenda_item" and _created(r) > since]
    edited = [r for r in entry.rows if r.table == "agenda_item" and _created(r) <= since < _updated(r)]
    parts = []
    if added:
        parts.append(f"added: {_numbers(added)}")
    if edited:
        parts.append(f"changed: {_numbers(edited)}")
    return "; ".join(parts) or None


def _numbers(items: list[_Row]) -> str:
    return ("item " if len(items) == 1 else "items ") + ", ".join(i.number or "?" for i in items)


def _members(p: Partnership, boards: list[Board]) -> dict[int, list[Person]]:
    """Each board's members, its chair and vice-chair, who hear of papers and can be reached (two
    queries for all the boards)."""
    ids = {stored(b.id) for b in boards}
    rows = p.session.exec(
        select(BoardMember.board_id, BoardMember.person_id).where(
            col(BoardMember.board_id).in_(ids), col(BoardMember.archived_at).is_(None)
        )
    ).all()
    wanted: dict[int, list[int | None]] = {i: [] for i in ids}
    for board_id, person_id in rows:
        wanted[board_id].append(person_id)
    for board in boards:
        wanted[stored(board.id)] += [board.chair_id, board.vice_chair_id]
    people = p.people(i for chosen in wanted.values() for i in chosen)
    out: dict[int, list[Person]] = {}
    for board in boards:
        theirs = {i: people[i] for i in wanted[stored(board.id)] if i is not None and i in people}
        out[stored(board.id)] = [
            person
            for person in sorted(theirs.values(), key=lambda x: (x.name, x.id or 0))
            if person.archived_at is None
            and (person.slack_user_id or person.email)  # nobody to tell: not a failure to log each time
            and notify.hears(person, KIND, board)
        ]
    return out


def _targets(person: Person) -> set[str]:
    found = {f"person:{person.id}", f"{MAIL}{person.id}"}
    if person.slack_user_id:
        found.add(person.slack_user_id)
    return found


def _sent_by_meeting(p: Partnership, meeting_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """{meeting id: (target, occasion) of each papers message sent about it}: one query for all."""
    out: dict[int, list[tuple[str, str]]] = {}
    wanted = set(meeting_ids)
    rows = p.session.exec(
        select(Delivery.target, Delivery.occasion).where(
            col(Delivery.kind) == KIND,
            col(Delivery.status) == "sent",
            or_(*(col(Delivery.occasion).startswith(f"{KIND}:{i}:") for i in meeting_ids)),
        )
    ).all()
    for target, occasion in rows:
        parts = occasion.split(":")
        if len(parts) > 1 and parts[1].isdigit() and int(parts[1]) in wanted:
            out.setdefault(int(parts[1]), []).append((target, occasion))
    return out


def _last_heard(sent: list[tuple[str, str]], occasion: str) -> dict[str, datetime]:
    """For each target, the latest change of the newest set it was sent about this meeting (this
    occasion left out, so the Slack DM and the e-mail of one message say the same)."""
    out: dict[str, datetime] = {}
    for target, earlier in sent:
        if earlier == occasion:
            continue
        try:
            moment = datetime.strptime(earlier.rsplit(":", 1)[1], STAMP).replace(tzinfo=UTC)
        except (IndexError, ValueError):
            continue
        out[target] = max(out.get(target, _NEVER), moment)
    return out
