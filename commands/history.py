"""`history REF`: every recorded change to one record — who, when, what, before and after."""

from __future__ import annotations

import re

from sqlmodel import select

from commands.actions import parse_ref
from commands.context import Context
from commands.formatting import clock, long_date
from commands.load_partnership import normalise_indicator_code
from commands.meetings import find_meeting
from commands.registry import command
from commands.reply import Reply, message
from storage.db import read_only
from storage.tables import AuditEvent, Indicator, Person

_CONSULTATION = re.compile(r"^c-?(\d{1,9})$", re.IGNORECASE)
HIDDEN = {"id", "source", "archived_at"}
MAX_EVENTS = 40


def _target(session, ctx: Context, words: str):
    if (match := _CONSULTATION.match(words)):
        return "consultation", int(match.group(1)), f"C-{match.group(1)}"
    if words[:1].casefold() == "a" and (action_id := parse_ref(words)) is not None:
        return "action", action_id, f"A-{action_id}"
    first, _, rest = words.partition(" ")
    if first.casefold() == "meeting":
        found = find_meeting(session, ctx, rest)
        if isinstance(found, Reply):
            return found
        board, meeting = found
        return "meeting", meeting.id, f"{board.name}, {long_date(meeting.starts_at.astimezone(ctx.tz))}"
    code = normalise_indicator_code(words)
    indicator = session.exec(select(Indicator).where(Indicator.code == code)).first()
    if indicator is not None:
        return "indicator", indicator.id, indicator.code
    return message(f"I don't know “{words[:40]}”.", "Try `history A-12`, `history C-3`, `history NI 15` "
                                                      "or `history meeting 16 June`.")


def _describe(event: AuditEvent) -> str:
    if event.verb == "create":
        shown = {k: v for k, v in (event.after or {}).items() if v not in (None, "", []) and k not in HIDDEN}
        return "created: " + "; ".join(f"{k.replace('_', ' ')} {v}" for k, v in shown.items())
    before, after = event.before or {}, event.after or {}
    changes = "; ".join(f"{k.replace('_', ' ')}: {before.get(k)!s} → {after.get(k)!s}"
                        for k in after if k not in HIDDEN)
    return changes if event.verb == "update" else f"{event.verb}: {changes}".rstrip(": ")


@command("history", aliases=("audit", "changes"), summary="Every change to an action, consultation, indicator or meeting",
         usage="history REF", examples=("history A-12", "history NI 15", "history meeting 16 June"))
def history(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        target = _target(session, ctx, words.strip()) if words.strip() else message("History of what? e.g. `history A-12`.")
        if isinstance(target, Reply):
            return target
        entity, entity_id, label = target
        events = session.exec(select(AuditEvent).where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
                              .order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(MAX_EVENTS)).all()  # type: ignore[attr-defined]
        if not events:
            return message(f"No changes are recorded for {label}.")
        names = {p.slack_user_id: p.name for p in session.exec(select(Person).where(
            Person.slack_user_id.in_({e.actor for e in events}))).all()}  # type: ignore[attr-defined]
        rows = []
        for event in events:
            at = event.at.astimezone(ctx.tz)
            rows.append({"when": f"{long_date(at)} {clock(at)}", "who": names.get(event.actor, event.actor),
                         "what": _describe(event)[:600], "note": event.note})
        return Reply("history", {"title": f"History of {label}", "events": rows,
                                 "more": len(events) == MAX_EVENTS})
