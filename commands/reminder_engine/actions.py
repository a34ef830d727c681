"""Reminders about actions: the owner before and on the due date; each week, owners hear of their
overdue actions and each board's chair gets a digest of that board's overdue actions by owner.

Only open or in-progress actions count: closing or dropping one stops its reminders at once.
An action belongs to its own board, else its meeting's board, else the Forum.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import col, select

from commands.actions import STATUS_WORDS, corrects
from commands.core import notify
from commands.core.formatting import long_date, relative_days
from commands.reminder_engine.rules import Due, Partnership, person_target, stored
from commands.reminder_engine.times import ReminderSettings, is_working_day, nudge_days, send_at
from storage.actions import OPEN_STATUSES
from storage.db import by_id
from storage.meetings import local_day_bounds
from storage.tables import Action, Board, Indicator, Meeting, Person

# Built once: a sweep runs every minute, and much of its cost is building its queries.
_OPEN_ACTIONS = select(Action).where(
    col(Action.status).in_(OPEN_STATUSES),
    col(Action.archived_at).is_(None),
    col(Action.due_date).is_not(None),
)
_DUE_SOON = _OPEN_ACTIONS.where(
    col(Action.owner_id).is_not(None),
    col(Action.due_date) >= bindparam("low"),
    col(Action.due_date) <= bindparam("high"),
).order_by(col(Action.due_date), col(Action.id))
_OVERDUE = _OPEN_ACTIONS.where(col(Action.due_date) < bindparam("day")).order_by(col(Action.due_date), col(Action.id))


def _boards_of(p: Partnership, actions: list[Action]) -> dict[int, Board | None]:
    meeting_ids = {a.meeting_id for a in actions if a.board_id is None and a.meeting_id}
    meetings = (
        {m.id: m for m in p.session.exec(select(Meeting).where(col(Meeting.id).in_(meeting_ids))).all()}
        if meeting_ids
        else {}
    )
    found: dict[int, Board | None] = {}
    for action in actions:
        board_id = action.board_id or (meetings[action.meeting_id].board_id if action.meeting_id in meetings else None)
        found[stored(action.id)] = (p.boards.get(board_id) if board_id else None) or p.forum
    return found


def _view(
    action: Action, owner: Person | None, board: Board | None, today: date, corrected: dict[int | None, Indicator]
) -> dict[str, Any]:
    due = action.due_date
    return {
        "id": action.id,
        "ref": action.ref,
        "description": action.description,
        "owner": owner.name if owner else (action.owner_text or "no owner"),
        "due": long_date(due) if due else None,
        "when": relative_days(due, today) if due else None,
        "days_overdue": (today - due).days if due and due < today else 0,
        "status": STATUS_WORDS.get(action.status, action.status),
        "board": board.name if board else None,
        "corrects": corrects(corrected.get(action.indicator_id)),  # a corrective action: its indicator
    }


def dues(p: Partnership) -> list[Due]:
    return [*_due_soon(p), *_weekly(p)]


def _due_soon(p: Partnership) -> list[Due]:
    first, last = p.start.astimezone(p.tz).date(), p.end.astimezone(p.tz).date()
    ahead = max([max(s.action_days, default=0) for s in p.reminder_settings.values()] + [0]) + 3
    actions = list(p.session.exec(_DUE_SOON, params={"low": first, "high": last + timedelta(days=ahead)}).all())
    owners = p.people(a.owner_id for a in actions)
    boards = _boards_of(p, actions)
    corrected = by_id(p.session, Indicator, [a.indicator_id for a in actions])
    found = []
    for action in actions:
        owner, board, due = _owner(owners, action), boards[stored(action.id)], action.due_date
        if owner is None or owner.archived_at is not None or due is None:
            continue
        s = p.settings_for(board)
        for days, day in nudge_days(due, s.action_days, region=p.region):
            due_at = send_at(day, s.hour, p.tz, region=p.region)
            if not p.in_window(due_at) or not notify.hears(owner, "action_due", board, days):
                continue
            view = _view(action, owner, board, p.today(due_at), corrected)
            found.append(
                Due(
                    "action_due",
                    person_target(owner),
                    f"action:{action.id}:{action.due_date}:{days}d",
                    due_at,
                    owner.name,
                    f"{action.ref} due {view['when']} ({view['due']}): {action.description[:80]}",
                    "reminder_action_due",
                    {"action": view},
                    expires_at=local_day_bounds(due, p.tz)[1],
                )
            )
    return found


def _weekly(p: Partnership) -> list[Due]:
    """Owners' weekly overdue nudges (the Forum's weekday and hour) and each chair's digest; on
    every working day as well for those who asked for them daily (`notify digest daily`)."""
    # A digest day that is a bank holiday sends on the next working day (a digest sent before its
    # day would call actions overdue that are not yet): so the days looked at start a week early.
    first, last = p.start.astimezone(p.tz).date() - timedelta(days=7), p.end.astimezone(p.tz).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    found: list[Due] = []
    forum = p.settings_for(p.forum)
    daily = p.anyone_daily()
    for day in days:
        when = Digests(
            owners_weekly=digest_sends(p, forum, day, "weekly"),
            owners_daily=daily and digest_sends(p, forum, day, "daily"),
            chairs_weekly=[b for b in p.boards.values() if digest_sends(p, p.settings_for(b), day, "weekly")],
            chairs_daily=[b for b in p.boards.values() if daily and digest_sends(p, p.settings_for(b), day, "daily")],
        )
        if when.any():
            found += _overdue_on(p, day, when)
    return found


def digest_sends(p: Partnership, s: ReminderSettings, day: date, how: notify.Digest) -> bool:
    """Whether a board with settings `s` sends its overdue lists for `day` in the sweep's window, to
    those who hear them `how` often: weekly on its digest day, daily on every working day. A board
    that sends no digests sends no daily ones either."""
    if s.digest_weekday is None or not p.in_window(_digest_at(p, day, s.hour)):
        return False
    if how == "daily":
        return is_working_day(day, p.region)
    return s.digest_weekday == day.weekday()


@dataclass
class Digests:
    """Whose overdue lists go on a day: owners' and which boards' chairs', for those who hear
    weekly (it is the digest day) and for those who hear daily (it is a working day)."""

    owners_weekly: bool
    owners_daily: bool
    chairs_weekly: list[Board]
    chairs_daily: list[Board]

    def any(self) -> bool:
        return bool(self.owners_weekly or self.owners_daily or self.chairs_weekly or self.chairs_daily)

    def weekly(self, board: Board) -> bool:
        return any(b is board for b in self.chairs_weekly)

    def daily(self, board: Board) -> bool:
        return any(b is board for b in self.chairs_daily)

    def wants(self, person: Person, board: Board | None, weekly: bool, daily: bool) -> bool:
        how = notify.digest(person, board)
        return (how == "weekly" and weekly) or (how == "daily" and daily)


def _owner(owners: dict[int, Person], action: Action) -> Person | None:
    return owners.get(action.owner_id) if action.owner_id is not None else None


def _digest_at(p: Partnership, day: date, hour: time) -> datetime:
    return send_at(day, hour, p.tz, move="later", region=p.region)


def _overdue_on(p: Partnership, day: date, when: Digests) -> list[Due]:
    actions = list(p.session.exec(_OVERDUE, params={"day": day}).all())
    owners = p.people(a.owner_id for a in actions)
    boards = _boards_of(p, actions)
    corrected = by_id(p.session, Indicator, [a.indicator_id for a in actions])
    week = f"week:{day.isoformat()}"
    found = []
    if when.owners_weekly or when.owners_daily:
        due_at = _digest_at(p, day, p.settings_for(p.forum).hour)
        mine: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for action in actions:
            owner = _owner(owners, action)
            if (
                owner is not None
                and owner.archived_at is None
                and when.wants(owner, p.forum, when.owners_weekly, when.owners_daily)
                and notify.hears(owner, "actions_overdue", boards[stored(action.id)])
            ):
                view = _view(action, owner, boards[stored(action.id)], p.today(due_at), corrected)
                mine[stored(owner.id)].append(view)
        for owner_id, views in mine.items():
            owner = owners[owner_id]
            found.append(
                Due(
                    "actions_overdue",
                    person_target(owner),
                    week,
                    due_at,
                    owner.name,
                    f"{len(views)} overdue action{'' if len(views) == 1 else 's'} for {owner.name}",
                    "reminder_actions_overdue",
                    {"name": owner.name, "actions": views},
                )
            )
    # One digest per chair per send time, however many boards they chair.
    digests: dict[tuple[int, datetime], list[dict[str, Any]]] = defaultdict(list)
    chairs: dict[int, Person] = {}
    for board in [b for b in p.boards.values() if when.weekly(b) or when.daily(b)]:
        chair = p.chair_of(board)
        due_at = _digest_at(p, day, p.settings_for(board).hour)
        if (
            chair is None
            or chair.archived_at is not None
            or not when.wants(chair, board, when.weekly(board), when.daily(board))
            or not notify.hears(chair, "overdue_digest", board)
        ):
            continue
        theirs = [
            _view(a, _owner(owners, a), board, p.today(due_at), corrected)
            for a in actions
            if boards[stored(a.id)] is board
        ]
        if not theirs:
            continue
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for view in theirs:
            by_owner[view["owner"]].append(view)
        chairs[stored(chair.id)] = chair
        digests[(stored(chair.id), due_at)].append(
            {
                "board": board.name,
                "total": len(theirs),
                "groups": [{"owner": name, "actions": by_owner[name]} for name in sorted(by_owner, key=str.casefold)],
            }
        )
    for (chair_id, due_at), sections in digests.items():
        chair, total = chairs[chair_id], sum(section["total"] for section in sections)
        local = due_at.astimezone(p.tz)
        found.append(
            Due(
                "overdue_digest",
                person_target(chair),
                f"{week}:{local:%H%M}",
                due_at,
                chair.name,
                f"Chair's digest for {chair.name}: {total} overdue action{'' if total == 1 else 's'} "
                f"({', '.join(section['board'] for section in sections)})",
                "reminder_overdue_digest",
                {"boards": sections, "total": total},
            )
        )
    return found
