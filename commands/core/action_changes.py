"""An owner closes their own action or adds a progress note (buttons on `action`, `actions`).

Only the action's owner may do this here; anyone else is told so and nothing changes.
"""

from __future__ import annotations

from commands.core.context import Context
from commands.core.people import caller, caller_role
from commands.core.permissions import record_refusal
from commands.core.reply import Reply, message, refusal
from storage import actions as action_queries
from storage.db import transaction
from storage.tables import ActionUpdate
from storage.types import utcnow
from storage.writes import change, create

MAX_UPDATE = 2000


def _owned(session, ctx: Context, action_id: int):
    action = action_queries.action_by_id(session, action_id)
    if action is None:
        return refusal(f"There is no action A-{action_id}.")
    me = caller(session, ctx)
    if me is None or action.owner_id != me.id:
        record_refusal(ctx, f"change {action.ref}, someone else's action", caller_role(session, ctx))
        return refusal(
            f"Only the owner of {action.ref} can change it here; nothing was changed.",
            "Officers and the chair can change any action.",
        )
    return action, me


def mark_done(ctx: Context, action_id: int) -> Reply:
    with transaction(ctx.engine) as session:
        found = _owned(session, ctx, action_id)
        if isinstance(found, Reply):
            return found
        action, me = found
        if action.status == "done":
            return refusal(f"{action.ref} was already done.")
        if action.status == "dropped":
            return refusal(f"{action.ref} was dropped; ask an officer to reopen it.")
        change(session, ctx.user_id or "console", action, {"status": "done", "completed_at": utcnow()})
        return message(f":white_check_mark: {action.ref} is done: {action.description}")


def add_update(ctx: Context, action_id: int, text: str) -> Reply:
    text = text.strip()
    if not text:
        return refusal("An update needs some words.")
    if len(text) > MAX_UPDATE:
        return refusal(f"That update is {len(text):,} characters; please keep it under {MAX_UPDATE:,}.")
    with transaction(ctx.engine) as session:
        found = _owned(session, ctx, action_id)
        if isinstance(found, Reply):
            return found
        action, me = found
        actor = ctx.user_id or "console"
        create(session, actor, ActionUpdate(action_id=action.id, author_id=me.id, text=text, source=f"slack:{actor}"))
        if action.status == "open":
            change(session, actor, action, {"status": "in_progress"})
        return message(f"Update added to {action.ref}: {text}")


def update_form(ctx: Context, action_id: int, channel_id: str | None) -> Reply:
    """The *Add update* modal, for the owner only (a refusal message for anyone else)."""
    import json

    from storage.db import read_only

    with read_only(ctx.engine) as session:
        found = _owned(session, ctx, action_id)
        if isinstance(found, Reply):
            return found
        action, _ = found
        return Reply(
            "action_update_modal",
            {
                "ref": action.ref,
                "description": action.description,
                "metadata": json.dumps({"action": action.id, "channel": channel_id}),
            },
            modal=True,
        )
