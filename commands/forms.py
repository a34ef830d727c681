"""Officers' forms (Slack modals): `new meeting | agenda-item | action | consultation | reading`, and
*Edit* on an action. `form()` builds the modal; `submit()` validates and saves, returning errors keyed
by field, so Slack shows them inline beside the field and nothing is saved.

A form carries the record's version; saving over a record someone else changed meanwhile is refused
rather than silently overwriting their change.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from commands import corrections
from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.permissions import EDITORS, check
from commands.core.readings_due import contact_asked
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.form_saving import SAVERS
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage.db import read_only, transaction
from storage.tables import (
    Action,
    Board,
    Consultation,
    Indicator,
    Meeting,
    Person,
)

KINDS = ("meeting", "agenda-item", "action", "consultation", "reading")


@dataclass
class Outcome:
    errors: dict[str, str] = field(default_factory=dict)  # field (block id) -> what is wrong
    reply: Reply | None = None  # said to the officer when saved (or refused outright)


def _options(session: Session, ctx: Context) -> dict[str, list[dict[str, str]]]:
    boards = [{"value": b.slug, "text": b.name[:75]} for b in board_queries.active_boards(session)][:100]
    upcoming = meeting_queries.upcoming_meetings_of(
        session, [b.id for b in board_queries.active_boards(session) if b.id is not None], ctx.now, limit=100
    )
    names = {b.id: b.name for b in board_queries.active_boards(session)}
    meetings = [
        {"value": str(m.id), "text": f"{names[m.board_id]}, {long_date(m.starts_at.astimezone(ctx.tz))}"[:75]}
        for m in upcoming
    ]
    return {"boards": boards, "meetings": meetings}


@command(
    "new",
    aliases=("create",),
    summary="Open a form to add a meeting, agenda item, action, consultation or reading (officers)",
    usage="new meeting | agenda-item | action | consultation | reading",
    examples=("new meeting", "new action"),
)
def new(ctx: Context, words: str) -> Reply:
    kind = words.strip().casefold().replace(" ", "-")
    kind = {"item": "agenda-item", "agenda": "agenda-item", "agendaitem": "agenda-item"}.get(kind, kind)
    if kind not in KINDS:
        return message("New what? `new meeting`, `new agenda-item`, `new action`, `new consultation` or `new reading`.")
    if ctx.surface != "slack":
        return message("Forms open in Slack. Here, use the shortcuts: `help add`, `help move`.")
    with read_only(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, f"add {kind.replace('-', ' ')}s"):
            return refused
        reply = form(session, ctx, kind)
        if kind == "agenda-item" and not reply.data["meetings"]:
            return message("There is no upcoming meeting to add an item to; add the meeting first (`new meeting`).")
        return reply


def edit_action_form(ctx: Context, action_id: int, channel_id: str | None) -> Reply:
    with read_only(ctx.engine) as session:
        action = session.get(Action, action_id)
        if action is None or action.archived_at is not None:
            return refusal(f"There is no action A-{action_id}.")
        if refused := check(session, ctx, EDITORS, "edit actions"):
            return refused
        ctx.channel_id = channel_id
        return form(session, ctx, "action", action)


def correction_form(ctx: Context, indicator_id: int, channel_id: str | None) -> Reply:
    """*Add corrective action* on a red or amber indicator: the form for its corrective action."""
    with read_only(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add corrective actions"):
            return refused
        indicator = session.get(Indicator, indicator_id)
        if indicator is None or indicator.archived_at is not None:
            return refusal("That indicator is no longer recorded.")
        if problem := corrections.uncorrectable(session, ctx, indicator):
            return refusal(problem)
        ctx.channel_id = channel_id
        reply = form(session, ctx, "correction")
        reply.data["indicator"] = f"{indicator.code} {indicator.title}"
        reply.data["metadata"] = json.dumps(
            {"kind": "correction", "id": None, "indicator": indicator.id, "channel": ctx.channel_id}
        )
        return reply


def edit_consultation_form(ctx: Context, consultation_id: int, channel_id: str | None) -> Reply:
    with read_only(ctx.engine) as session:
        consultation = session.get(Consultation, consultation_id)
        if consultation is None or consultation.archived_at is not None:
            return refusal(f"There is no consultation C-{consultation_id}.")
        if refused := check(session, ctx, EDITORS, "edit consultations"):
            return refused
        ctx.channel_id = channel_id
        return form(session, ctx, "consultation", consultation)


def edit_meeting_form(ctx: Context, meeting_id: int, channel_id: str | None) -> Reply:
    with read_only(ctx.engine) as session:
        meeting = session.get(Meeting, meeting_id)
        if meeting is None or meeting.archived_at is not None:
            return refusal("That meeting is no longer in the diary.")
        if refused := check(session, ctx, EDITORS, "edit meetings"):
            return refused
        ctx.channel_id = channel_id
        return form(session, ctx, "meeting", meeting)


def form(session: Session, ctx: Context, kind: str, record: Action | Meeting | Consultation | None = None) -> Reply:
    data: dict[str, Any] = {
        "kind": kind,
        **_options(session, ctx),
        "initial": {},
        "metadata": json.dumps(
            {
                "kind": kind,
                "id": getattr(record, "id", None),
                "version": getattr(record, "version", None),
                "channel": ctx.channel_id,
            }
        ),
    }
    if isinstance(record, Action):
        person = session.get(Person, record.owner_id) if record.owner_id else None
        board = session.get(Board, record.board_id) if record.board_id else None
        data["initial"] = {
            "description": record.description,
            "owner": person.slack_user_id if person else None,
            "due": record.due_date.isoformat() if record.due_date else None,
            "board": board.slug if board else None,
            "status": record.status,
        }
    if isinstance(record, Meeting):
        local = record.starts_at.astimezone(ctx.tz)
        board = session.get(Board, record.board_id)
        assert board is not None  # the foreign key keeps a meeting's board
        data["initial"] = {
            "board": board.slug,
            "date": local.date().isoformat(),
            "time": f"{local:%H:%M}",
            "venue": record.venue,
            "address": record.address,
            "status": record.status,
            "status_reason": record.status_reason,
        }
    if isinstance(record, Consultation):
        person = session.get(Person, record.response_owner_id) if record.response_owner_id else None
        board = session.get(Board, record.board_id) if record.board_id else None
        data["initial"] = {
            "title": record.title,
            "issuer": record.issuer,
            "url": record.url,
            "closes": record.closes.isoformat() if record.closes else None,
            "owner": person.slack_user_id if person else None,
            "board": board.slug if board else None,
            "status": record.response_status,
        }
    return Reply("form", data, modal=True)


def submit(ctx: Context, metadata: str, values: dict[str, Any]) -> Outcome:
    """Validate and save a form. `values` maps each field to what was entered (text, a YYYY-MM-DD
    date, an HH:MM time, a Slack user id, or an option value)."""
    try:
        meta = json.loads(metadata or "{}")
        kind = meta["kind"]
    except (ValueError, KeyError, TypeError):
        return Outcome(reply=refusal("That form has expired; open it again."))
    with transaction(ctx.engine) as session:
        doing = f"{'change' if meta.get('id') else 'add'} {kind.replace('-', ' ')}s"
        # A reading asked of an indicator's named contact: they may enter it, whatever their role.
        contact = kind == "reading" and contact_asked(session, ctx, meta) is not None
        if not contact and (refused := check(session, ctx, EDITORS, doing)):
            return Outcome(reply=refused)
        errors: dict[str, str] = {}
        saver = SAVERS.get(kind)
        if saver is None:
            return Outcome(reply=refusal("That form has expired; open it again."))
        said = saver(session, ctx, meta, values, errors)
        if errors:
            session.rollback()
            return Outcome(errors=errors)
        return Outcome(reply=message(said))
