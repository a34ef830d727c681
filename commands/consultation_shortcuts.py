"""`response C-3 submitted`: where the partnership's response to a consultation stands. The response's
owner or an officer says so; once submitted, nobody is nudged about it any more."""

from __future__ import annotations

import re
from typing import Any

from commands.core.context import Context
from commands.core.people import caller
from commands.core.permissions import EDITORS, check
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from storage.db import transaction
from storage.tables import Consultation
from storage.writes import change

STATUSES = {
    "not-started": "not_started",
    "drafting": "drafting",
    "circulated": "circulated",
    "signed-off": "signed_off",
    "signed": "signed_off",
    "submitted": "submitted",
    "sent": "submitted",
}
_REF = re.compile(r"^c-?(\d{1,9})$", re.IGNORECASE)
# Where a response stands, as a sentence: "C-14 …: the response is being drafted."
SAID = {
    "not_started": "not started",
    "drafting": "being drafted",
    "circulated": "circulated for comment",
    "signed_off": "signed off by the chair and vice-chair",
    "submitted": "submitted",
}


@command(
    "response",
    aliases=("respond",),
    summary="Say where a consultation response stands (its owner, officers)",
    usage="response C-REF not-started | drafting | circulated | signed-off | submitted",
    examples=("response C-3 submitted", "response C-3 circulated"),
)
def response(ctx: Context, words: str) -> Reply:
    ref, _, status_word = words.strip().partition(" ")
    match = _REF.match(ref)
    status = STATUSES.get(status_word.strip().casefold().replace(" ", "-"))
    if not match or not status:
        return refusal("Say it like `response C-3 submitted` (or drafting, circulated, signed-off, not-started).")
    with transaction(ctx.engine) as session:
        consultation = session.get(Consultation, int(match.group(1)))
        if consultation is None or consultation.archived_at is not None:
            return refusal(f"There is no consultation C-{match.group(1)}.")
        me = caller(session, ctx)
        owner = consultation.response_owner_id if me and consultation.response_owner_id == me.id else None
        if refused := check(session, ctx, EDITORS, "change consultation responses", owner_id=owner):
            return refused
        if consultation.response_status == status:
            return message(f"{consultation.ref}: the response is already {SAID[status]}; nothing was changed.")
        values: dict[str, Any] = {"response_status": status}
        if status == "submitted":
            values["submitted_at"] = ctx.now
        elif consultation.submitted_at is not None:
            values["submitted_at"] = None  # reopened: no longer submitted
        change(session, ctx.user_id or "console", consultation, values)
        return message(
            f"{consultation.ref} {consultation.title}: the response is now {SAID[status]}."
            + (" No more reminders will be sent about it." if status == "submitted" else "")
        )
