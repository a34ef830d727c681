"""Reminders about indicator readings: the indicator's named contact (else the board's officers,
told that no contact is named) before and on the day a period's reading is due, and weekly after,
until the reading is in; each week, each board's officers get the readings overdue.

Which readings are owed, and when, is commands/core/readings_due.py (as `indicators missing`
shows it). Everything is worked out afresh each sweep: a reading entered stops its nudges at once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from commands.core import notify
from commands.core.readings_due import Chase, Owed, load_chase
from commands.reminder_engine.actions import digest_sends
from commands.reminder_engine.meetings import officers_of
from commands.reminder_engine.rules import Due, Partnership, person_target, stored
from commands.reminder_engine.times import ReminderSettings, nudge_days, send_at, working_day
from storage.meetings import local_day_bounds
from storage.tables import Board, Person


def dues(p: Partnership) -> list[Due]:
    first, last = p.start.astimezone(p.tz).date(), p.end.astimezone(p.tz).date()
    chase = load_chase(p.session, p.boards, p.forum, last)
    if not chase.indicators:
        return []
    return [*_nudges(p, chase, first, last), *_weekly(p, chase, first, last)]


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _sends(p: Partnership, s: ReminderSettings, owed: Owed, day: date) -> list[tuple[str, str, bool]]:
    """(kind, occasion's last part, overdue) for each nudge about `owed` that goes on `day`."""
    found = []
    for offset, send_day in nudge_days(owed.due, s.reading_days, region=p.region):
        if send_day == day and (send_day > owed.period.last_day or offset == 0):
            found.append(("reading_due", f"{offset}d", False))
    every = s.reading_every_days
    if every and day > owed.due:
        weeks = (day - owed.due).days // every
        for week in range(max(1, weeks - 1), weeks + 2):
            if working_day(owed.due + timedelta(days=every * week), "later", p.region) == day:
                found.append(("reading_overdue", f"w{week}", True))
    return found


def _recipients(p: Partnership, owed: Owed) -> list[tuple[Person, bool]]:
    """(person, is the named contact): the contact, else the board's officers."""
    if owed.contact is not None:
        return [(owed.contact, True)]
    if owed.board is None:
        return []
    return [(officer, False) for officer in officers_of(p, owed.board)]


def _nudges(p: Partnership, chase: Chase, first: date, last: date) -> list[Due]:
    """One DM per person, kind and send time, however many readings it is about: a partnership whose
    indicators came in from old papers may owe dozens, and one message a day says it better than
    dozens. The occasion names the day, not the readings, so a reading becoming due later that
    day cannot send the message again."""
    groups: dict[tuple[str, str, datetime], _Group] = {}
    officers: dict[int, list[tuple[Person, bool]]] = {}
    for day in _days(first, last):
        for indicator in chase.indicators:
            s = p.settings_for(chase.board_of(indicator))
            for period, due in chase.chased_on(indicator, day):
                owed = chase.owed(indicator, period, due)
                sends = _sends(p, s, owed, day)
                if not sends:
                    continue
                due_at = send_at(day, s.hour, p.tz, region=p.region)
                if not p.in_window(due_at):
                    continue
                if owed.contact is None and owed.board is not None:
                    people = officers.setdefault(stored(owed.board.id), _recipients(p, owed))
                else:
                    people = _recipients(p, owed)
                view = owed.view(p.today(due_at))
                for kind, tail, overdue in sends:
                    summary = (
                        f"{indicator.code} reading for {period.name} "
                        + (f"overdue since {view['due']}" if overdue else f"due {view['when']} ({view['due']})")
                        + ("" if owed.contact else " (no contact named)")
                    )
                    expires = None if overdue else local_day_bounds(due, p.tz)[1]
                    before = int(tail[:-1]) if kind == "reading_due" else None
                    for person, is_contact in people:
                        if not notify.hears(person, kind, owed.board, before):
                            continue
                        group = groups.setdefault((kind, person_target(person), due_at), _Group(person))
                        if view["button"] not in group.seen:  # the same reading once in a message
                            group.seen.add(view["button"])
                            group.nudges.append({"reading": view, "overdue": overdue, "to_contact": is_contact})
                            group.summaries.append(summary)
                            group.expires.append(expires)
    found: list[Due] = []
    for (kind, target, due_at), group in groups.items():
        local = due_at.astimezone(p.tz)
        found.append(
            Due(
                kind,
                target,
                f"readings:{local.date().isoformat()}:{local:%H%M}",
                due_at,
                group.person.name,
                _summary(kind, group),
                "reminder_reading",
                {"nudges": group.nudges, "more": 0},
                # pointless once the last of them is past its day (an overdue one never is)
                expires_at=None if None in group.expires else max(e for e in group.expires if e is not None),
            )
        )
    return found


def _summary(kind: str, group: _Group) -> str:
    """One reading: said in full; several: how many, and which (a line in the officers' preview)."""
    if len(group.summaries) == 1:
        return group.summaries[0]
    codes = [f"{n['reading']['code']} {n['reading']['period']}" for n in group.nudges]
    shown = ", ".join(codes[:6]) + (f" and {len(codes) - 6} more" if len(codes) > 6 else "")
    said = "overdue" if kind == "reading_overdue" else "due"
    return f"{len(codes)} indicator readings {said}: {shown}"


@dataclass
class _Group:
    person: Person
    nudges: list[dict[str, Any]] = field(default_factory=list[dict[str, Any]])
    summaries: list[str] = field(default_factory=list[str])
    expires: list[datetime | None] = field(default_factory=list[datetime | None])
    seen: set[str] = field(default_factory=set[str])


def _weekly(p: Partnership, chase: Chase, first: date, last: date) -> list[Due]:
    """Each board's officers, on the board's digest day: its readings overdue (one DM per officer
    per send time, however many boards they serve)."""
    found: list[Due] = []
    daily = p.anyone_daily()
    for day in _days(first - timedelta(days=7), last):  # a digest moved off a bank holiday
        weekly = [b for b in p.boards.values() if digest_sends(p, p.settings_for(b), day, "weekly")]
        every = [b for b in p.boards.values() if daily and digest_sends(p, p.settings_for(b), day, "daily")]
        boards = [b for b in p.boards.values() if any(b is x for x in [*weekly, *every])]
        if not boards:
            continue
        late = [o for o in chase.owed_on(day) if o.due < day]
        sections: dict[tuple[int, datetime], list[dict[str, Any]]] = defaultdict(list)
        people: dict[int, Person] = {}
        for board in sorted(boards, key=lambda b: b.name):
            theirs = [o for o in late if o.board is board]
            if not theirs:
                continue
            due_at = _digest_at(p, day, board)
            views = [o.view(day) for o in sorted(theirs, key=lambda o: (o.due, o.indicator.code))]
            on = {how for how, sent in (("weekly", weekly), ("daily", every)) if any(b is board for b in sent)}
            for officer in officers_of(p, board):
                if notify.digest(officer, board) not in on or not notify.hears(officer, "readings_digest", board):
                    continue
                people[stored(officer.id)] = officer
                sections[(stored(officer.id), due_at)].append({"board": board.name, "readings": views})
        for (officer_id, due_at), parts in sections.items():
            officer, total = people[officer_id], sum(len(part["readings"]) for part in parts)
            local = due_at.astimezone(p.tz)
            found.append(
                Due(
                    "readings_digest",
                    person_target(officer),
                    f"week:{day.isoformat()}:{local:%H%M}",
                    due_at,
                    officer.name,
                    f"Readings overdue for {officer.name}: {total} ({', '.join(part['board'] for part in parts)})",
                    "reminder_readings_digest",
                    {"boards": parts, "total": total},
                )
            )
    return found


def _digest_at(p: Partnership, day: date, board: Board) -> datetime:
    return send_at(day, p.settings_for(board).hour, p.tz, move="later", region=p.region)
