"""Who may change what. Members read; officers and admins change the partnership's records; the
chair may also close, drop, reopen or reassign actions; an action's owner may update and close
(mark done) their own — but not drop it: dropping takes an action off the chair's overdue digest,
which is the chair's and officers' call (issue 13). `help drop` and the README say the same.

A refusal says which role is needed, changes nothing, and is itself recorded in the audit log.
"""

from __future__ import annotations

from sqlmodel import Session

from commands.core.context import Context
from commands.core.people import caller, caller_role
from commands.core.reply import Reply, refusal
from storage.db import transaction
from storage.tables import AuditEvent

EDITORS = frozenset({"officer", "admin"})
ACTION_CLOSERS = frozenset({"officer", "admin", "chair"})  # may do any of ACTION_VERBS to any action
ADMINS = frozenset({"admin"})
ACTION_VERBS = frozenset({"close", "note", "drop", "reopen", "reassign"})
OWNER_MAY = frozenset({"close", "note"})  # what an action's owner, whatever their role, may do to their own


def may_change_action(role: str, is_owner: bool, verb: str) -> bool:
    """The rule for actions in one place: whether someone of `role` (owning the action or not) may `verb` it."""
    if verb not in ACTION_VERBS:
        raise ValueError(f"no such change to an action: {verb}")
    return role in ACTION_CLOSERS or (is_owner and verb in OWNER_MAY)


_NAMES = {"officer": "officers", "admin": "admins", "chair": "the chair", "member": "members"}


def _describe(roles: frozenset[str]) -> str:
    order = ["officer", "chair", "admin"]
    names = [_NAMES[r] for r in order if r in roles]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def check(
    session: Session, ctx: Context, allowed: frozenset[str], doing: str, owner_id: int | None = None
) -> Reply | None:
    """None if the caller may do it; otherwise a refusal (and the refusal is audited)."""
    role = caller_role(session, ctx)
    if role in allowed:
        return None
    me = caller(session, ctx)
    if owner_id is not None and me is not None and me.id == owner_id:
        return None
    record_refusal(ctx, doing, role)
    article = "an" if role[0] in "aeiou" else "a"
    owner = " (or the action's owner)" if owner_id is not None else ""
    return refusal(
        f"Only {_describe(allowed)}{owner} can {doing}; you are {article} {role} here. Nothing was changed.",
        "Ask the Partnership Manager if you need to.",
    )


def record_refusal(ctx: Context, doing: str, role: str) -> None:
    # Its own short transaction: the refused command's own (rolled back) work must not take it along.
    with transaction(ctx.engine) as session:
        session.add(
            AuditEvent(
                actor=ctx.user_id or ctx.surface,
                entity="permission",
                entity_id=0,
                verb="refuse",
                note=f"{role} tried to {doing}"[:500],
            )
        )
