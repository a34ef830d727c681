"""Actions: `actions [mine | open | overdue | all | @person | BOARD | MEETING-DATE]`, `action REF`."""

from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any

from sqlmodel import Session

from commands.core import mentions
from commands.core.context import Context
from commands.core.dates import DateProblem
from commands.core.formatting import long_date
from commands.core.paging import page_of
from commands.core.people import caller, caller_role, resolve_person
from commands.core.permissions import EDITORS
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.meetings import split_day_and_board
from storage import actions as action_queries
from storage import boards as board_queries
from storage.db import by_id, read_only
from storage.tables import Action, Board, Indicator

STATUS_WORDS = {"open": "open", "in_progress": "in progress", "done": "done", "dropped": "dropped"}
_REF = re.compile(r"^(?:a-?)?(\d{1,9})$", re.IGNORECASE)


def parse_ref(words: str) -> int | None:
    match = _REF.match(words.strip())
    return int(match.group(1)) if match else None


def action_views(session: Session, ctx: Context, actions: list[Action]) -> list[dict[str, Any]]:
    people, organisations, meetings, minutes = action_queries.related(session, actions)
    boards = {b.id: b for b in board_queries.active_boards(session)}
    corrected = by_id(session, Indicator, [a.indicator_id for a in actions])
    me = caller(session, ctx)
    views = []
    for action in actions:
        owner = people.get(action.owner_id)
        organisation = organisations.get(action.organisation_id) or (
            organisations.get(owner.organisation_id) if owner else None
        )
        meeting = meetings.get(action.meeting_id)
        source = None
        if meeting is not None:
            board = boards.get(meeting.board_id)
            source = f"{board.name if board else 'meeting'}, {long_date(meeting.starts_at.astimezone(ctx.tz))}"
            minute = minutes.get(action.minute_id)
            if minute is not None:
                source += f", minute {minute.number}"
        is_open = action.status in action_queries.OPEN_STATUSES
        overdue = (
            (ctx.today - action.due_date).days if is_open and action.due_date and action.due_date < ctx.today else 0
        )
        views.append(
            {
                "id": action.id,
                "ref": action.ref,
                "description": action.description,
                "owner": owner.name if owner else (action.owner_text or "no owner"),
                "organisation": organisation.name if organisation else None,
                "due": long_date(action.due_date) if action.due_date else None,
                "days_overdue": overdue,
                "status": STATUS_WORDS.get(action.status, action.status),
                "is_open": is_open,
                "source": source,
                "mine": bool(me and owner and me.id == owner.id),
                "corrects": corrects(corrected.get(action.indicator_id)),
            }
        )
    return views


def corrects(indicator: Indicator | None) -> str | None:
    """The indicator a corrective action is meant to bring back on track, as its code and title."""
    return f"{indicator.code} {indicator.title}" if indicator is not None else None


def _list(ctx: Context, session: Session, title: str, actions: list[Action], empty: str) -> Reply:
    if not actions:
        return message(empty)
    page = page_of(ctx, actions)
    return Reply(
        "actions",
        {
            "title": title,
            "actions": action_views(session, ctx, page.items),
            "page": page.view(),
            "buttons": ctx.surface == "slack",
        },
    )


def _overdue(ctx: Context, session: Session, board: Board | None = None) -> Reply:
    actions = action_queries.actions_where(session, overdue_on=ctx.today, board_id=board.id if board else None)
    where = f" ({board.name})" if board else ""
    if not actions:
        return message(f"Nothing is overdue{where}. :tada:")
    views = action_views(session, ctx, actions)
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for view in sorted(views, key=lambda v: -v["days_overdue"]):  # oldest first, then grouped in that order
        groups.setdefault(view["owner"], []).append(view)
    ordered = [v for owner_views in groups.values() for v in owner_views]
    page = page_of(ctx, ordered)
    return Reply(
        "actions_overdue",
        {
            "title": f"Overdue actions{where}",
            "total": len(views),
            "owners": [{"owner": owner, "count": len(items)} for owner, items in groups.items()],
            "actions": page.items,
            "page": page.view(),
            "buttons": ctx.surface == "slack",
        },
    )


@command(
    "actions",
    kept=True,
    aliases=("todo", "tasks", "my-actions"),
    summary="Actions: yours, open, overdue (by owner), someone's, a board's or a meeting's",
    usage="actions [mine | open | overdue | all | @person | board | meeting date | last meeting]",
    examples=("actions", "actions overdue", "actions @Bren", "actions safer", "actions last meeting"),
    details="With nothing after it, your own open actions. `overdue` is the chair's view: grouped by "
    "owner, oldest first, with counts. `all` includes done and dropped ones.",
)
def actions(ctx: Context, words: str) -> Reply:
    keyword = words.casefold()
    with read_only(ctx.engine) as session:
        me = caller(session, ctx)
        if keyword in {"", "mine", "my", "me"}:
            if me is None:
                return message(
                    "I don't know you yet, so I can't tell which actions are yours.",
                    "Ask an officer to add your Slack account; meanwhile `/forum actions open` lists everyone's.",
                )
            return _list(
                ctx,
                session,
                "Your open actions",
                action_queries.actions_where(session, owner_id=me.id),
                "You have no open actions. :tada:",
            )
        if keyword == "open":
            return _list(
                ctx, session, "Open actions", action_queries.actions_where(session), "There are no open actions."
            )
        if keyword == "all":
            return _list(
                ctx,
                session,
                "All actions",
                action_queries.actions_where(session, open_only=False),
                "There are no actions yet.",
            )
        if keyword == "overdue":
            return _overdue(ctx, session)
        if keyword.startswith("overdue "):
            board = _board(session, words.split(" ", 1)[1])
            return board if isinstance(board, Reply) else _overdue(ctx, session, board)
        if mentions.user_id(words):
            return _person(ctx, session, words)
        day, board_words = split_day_and_board(session, ctx, words, prefer="last")  # a meeting held
        if isinstance(day, DateProblem) and day.impossible:
            return message(day.text)
        if day not in (None, "next") and not isinstance(day, DateProblem):
            return _meeting(ctx, session, words)
        found = board_queries.find_boards(session, words)
        if len(found) == 1:
            board = found[0]
            return _list(
                ctx,
                session,
                f"Open actions: {board.name}",
                action_queries.actions_where(session, board_id=board.id),
                f"The {board.name} has no open actions.",
            )
        return _person(ctx, session, words)


def _board(session: Session, words: str) -> Board | Reply:
    found = board_queries.find_boards(session, words)
    if len(found) == 1:
        return found[0]
    return message(f"I don't know a board called “{words[:60]}”.")


def _person(ctx: Context, session: Session, words: str) -> Reply:
    person = resolve_person(session, words)
    if isinstance(person, Reply):
        return person
    return _list(
        ctx,
        session,
        f"Open actions: {person.name}",
        action_queries.actions_where(session, owner_id=person.id),
        f"{person.name} has no open actions.",
    )


def _meeting(ctx: Context, session: Session, words: str) -> Reply:
    from commands.meetings import find_meeting

    found = find_meeting(session, ctx, words, prefer="last")
    if isinstance(found, Reply):
        return found
    board, meeting = found
    day = long_date(meeting.starts_at.astimezone(ctx.tz))
    return _list(
        ctx,
        session,
        f"Actions from the {board.name}, {day}",
        action_queries.actions_where(session, meeting_id=meeting.id, open_only=False),
        f"No actions were recorded from the {board.name} meeting of {day}.",
    )


@command(
    "action",
    kept=True,
    summary="One action, with its progress notes",
    usage="action REF",
    examples=("action A-12",),
    details="Shows one action in full. If it is yours you can mark it done or add an update.",
)
def action(ctx: Context, words: str) -> Reply:
    action_id = parse_ref(words)
    if action_id is None:
        return message("Which action? Give its reference, like `A-12`.", "`/forum actions` lists yours.")
    with read_only(ctx.engine) as session:
        found = action_queries.action_by_id(session, action_id)
        if found is None:
            return message(f"There is no action A-{action_id}.", "`/forum actions open` lists the open ones.")
        assert found.id is not None  # a stored action has its id
        view = action_views(session, ctx, [found])[0]
        updates = []
        for u in action_queries.updates_for(session, found.id):
            assert u.created_at is not None  # set when the update was written
            updates.append({"text": u.text, "when": long_date(u.created_at.astimezone(ctx.tz))})
        view["updates"] = updates
        view["can_edit"] = caller_role(session, ctx) in EDITORS
        return Reply("action", {"action": view, "buttons": ctx.surface == "slack"})
