"""Changing an action — close it, drop it, reopen it, add a progress note, give it to someone else —
one way, whoever asks and wherever they ask: `done`/`drop`/`reopen`/`reassign` typed, the *Mark done* and
*Add update* buttons, the *Add update* form. Officers' forms and spreadsheets set a status through
`status_fields`, so a done action always has its completion time and a reopened one loses it.

Who may (the rule README and `help` state):
- close an action, or add a progress note to it: its owner, the chair, officers and admins;
- drop, reopen or reassign it: the chair, officers and admins — not its owner, because dropping takes an
  action off the chair's overdue list, which is the chair's and officers' call.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import Session

from commands.core.context import Context
from commands.core.people import caller
from commands.core.permissions import ACTION_CLOSERS, OWNER_MAY, check
from commands.core.reply import Reply, message, refusal
from storage import actions as action_queries
from storage.db import read_only, transaction
from storage.tables import Action, ActionUpdate, Person
from storage.types import ActionStatus, utcnow
from storage.writes import change, create

MAX_NOTE = 2000  # a progress note, as the *Add update* form allows
CLOSED = frozenset({ActionStatus.done, ActionStatus.dropped})
DOING = {
    "close": "close actions",
    "note": "add progress notes to actions",
    "drop": "drop actions",
    "reopen": "reopen actions",
    "reassign": "reassign actions",
}


def _actor(ctx: Context) -> str:
    return ctx.user_id or "console"


def refused(session: Session, ctx: Context, action: Action, verb: str) -> Reply | None:
    """None if the caller may do `verb` to `action`; otherwise the (audited) refusal."""
    owner_id = action.owner_id if verb in OWNER_MAY else None
    return check(session, ctx, ACTION_CLOSERS, DOING[verb], owner_id=owner_id)


def note_problem(text: str) -> Reply | None:
    """A progress note that cannot be kept as written: said, never cut short."""
    if not text.strip():
        return refusal("An update needs some words.")
    if len(text) > MAX_NOTE:
        return refusal(
            f"That note is {len(text):,} characters; please keep it under {MAX_NOTE:,}. Nothing was changed."
        )
    return None


def status_fields(action: Action | None, status: ActionStatus, now: datetime) -> dict[str, Any]:
    """The fields a status change writes: done keeps (or gets) its completion time; any other status has none."""
    if status == ActionStatus.done:
        held = action.completed_at if action is not None and action.status == ActionStatus.done else None
        return {"status": status.value, "completed_at": held or now}
    return {"status": status.value, "completed_at": None}


def _add_note(session: Session, ctx: Context, action: Action, text: str) -> None:
    me = caller(session, ctx)
    assert action.id is not None  # a stored action
    create(
        session,
        _actor(ctx),
        ActionUpdate(action_id=action.id, author_id=me.id if me else None, text=text, source=f"slack:{_actor(ctx)}"),
    )


def close(session: Session, ctx: Context, action: Action, note: str = "") -> Reply:
    if found := refused(session, ctx, action, "close"):
        return found
    if action.status == ActionStatus.done:
        return refusal(f"{action.ref} is already done.")
    if action.status == ActionStatus.dropped:
        return refusal(f"{action.ref} was dropped; an officer or the chair can `reopen {action.ref}`.")
    if note and (problem := note_problem(note)):
        return problem
    change(session, _actor(ctx), action, status_fields(action, ActionStatus.done, utcnow()))
    if note:
        _add_note(session, ctx, action, note)
    return message(f":white_check_mark: {action.ref} is done: {action.description}")


def add_note(session: Session, ctx: Context, action: Action, text: str) -> Reply:
    text = text.strip()
    if found := refused(session, ctx, action, "note"):
        return found
    if problem := note_problem(text):
        return problem
    _add_note(session, ctx, action, text)
    if action.status == ActionStatus.open:
        change(session, _actor(ctx), action, {"status": ActionStatus.in_progress.value})
    return message(f"Update added to {action.ref}: {text}")


def drop(session: Session, ctx: Context, action: Action, reason: str) -> Reply:
    if found := refused(session, ctx, action, "drop"):
        return found
    if action.status == ActionStatus.dropped:
        return refusal(f"{action.ref} is already dropped.")
    if not reason:
        return refusal(f'Say why {action.ref} should be dropped: `drop {action.ref} "reason"`. Nothing was changed.')
    if problem := note_problem(reason):
        return problem
    change(session, _actor(ctx), action, status_fields(action, ActionStatus.dropped, utcnow()), note=reason)
    _add_note(session, ctx, action, "Dropped: " + reason)
    return message(f"{action.ref} is dropped (kept on record): {action.description}")


def reopen(session: Session, ctx: Context, action: Action) -> Reply:
    if found := refused(session, ctx, action, "reopen"):
        return found
    if action.status not in CLOSED:
        return refusal(f"{action.ref} is still open.")
    change(session, _actor(ctx), action, status_fields(action, ActionStatus.open, utcnow()))
    return message(f"{action.ref} is open again: {action.description}")


def reassign(session: Session, ctx: Context, action: Action, person: Person) -> Reply:
    if found := refused(session, ctx, action, "reassign"):
        return found
    values = {"owner_id": person.id, "owner_text": None, "organisation_id": person.organisation_id}
    change(session, _actor(ctx), action, values)
    return message(f"{action.ref} is now {person.name}'s: {action.description}")


def _found(session: Session, action_id: int) -> Action | Reply:
    action = action_queries.action_by_id(session, action_id)
    return refusal(f"There is no action A-{action_id}.") if action is None else action


def mark_done(ctx: Context, action_id: int) -> Reply:
    """The *Mark done* button."""
    with transaction(ctx.engine) as session:
        action = _found(session, action_id)
        return action if isinstance(action, Reply) else close(session, ctx, action)


def add_update(ctx: Context, action_id: int, text: str) -> Reply:
    """The *Add update* form, submitted."""
    with transaction(ctx.engine) as session:
        action = _found(session, action_id)
        return action if isinstance(action, Reply) else add_note(session, ctx, action, text)


def update_form(ctx: Context, action_id: int, channel_id: str | None) -> Reply:
    """The *Add update* modal, for those who may add a note (a refusal message for anyone else)."""
    with read_only(ctx.engine) as session:
        action = _found(session, action_id)
        if isinstance(action, Reply):
            return action
        if found := refused(session, ctx, action, "note"):
            return found
        return Reply(
            "action_update_modal",
            {
                "ref": action.ref,
                "description": action.description,
                "metadata": json.dumps({"action": action.id, "channel": channel_id}),
            },
            modal=True,
        )
