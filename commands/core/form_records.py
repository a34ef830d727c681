"""The record an officer's form says it edits, checked before anything is saved (issue 13, attack 7).

A form's hidden data (`private_metadata`) comes back from Slack as the client sent it: a tampered
one can name a record that does not exist, which the savers would take as "no record yet" and
create a new one. A form naming a record is for editing that record, so one naming a record that
is not there (never was, or archived) is refused, and nothing is created.
"""

from __future__ import annotations

import json

from sqlmodel import SQLModel

from commands.core.context import Context
from commands.core.reply import Reply, refusal
from storage.db import read_only
from storage.tables import Action, Consultation, Meeting

MAX_RECORD_ID = 2**31 - 1  # ids are 32-bit integers on PostgreSQL
EDITED: dict[str, type[SQLModel]] = {"meeting": Meeting, "action": Action, "consultation": Consultation}
GONE = "That form names a record that isn't there (any more); nothing was saved. Open it again."


def named_record_problem(ctx: Context, metadata: str) -> Reply | None:
    """None if the form creates a record, or edits one that exists; otherwise the refusal."""
    try:
        meta = json.loads(metadata or "{}")
    except (ValueError, RecursionError):
        return None  # unreadable hidden data: the form's own check says it has expired
    if not isinstance(meta, dict) or meta.get("id") is None:
        return None
    record_id, model = meta["id"], EDITED.get(str(meta.get("kind")))
    if model is None or isinstance(record_id, bool) or not isinstance(record_id, int):
        return refusal(GONE)
    if not 1 <= record_id <= MAX_RECORD_ID:
        return refusal(GONE)
    with read_only(ctx.engine) as session:
        record = session.get(model, record_id)
        if record is None or getattr(record, "archived_at", None) is not None:
            return refusal(GONE)
    return None
