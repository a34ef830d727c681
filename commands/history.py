"""`history REF`: every recorded change to one record — who, when, what, before and after."""

from __future__ import annotations

import re

from sqlmodel import select

from commands.actions import parse_ref
from commands.core.context import Context
from commands.core.formatting import clock, long_date
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.imports.load_partnership import normalise_indicator_code
from commands.meetings import find_meeting
from storage.db import read_only
from storage.tables import AuditEvent, Board, Indicator, Organisation, Person

_CONSULTATION = re.compile(r"^c-?(\d{1,9})$", re.IGNORECASE)
HIDDEN = {"id", "source", "archived_at"}
MAX_EVENTS = 40


def _target(session, ctx: Context, words: str):
    if match := _CONSULTATION.match(words):
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
    return message(
        f"I don't know “{words[:40]}”.",
        "Try `history A-12`, `history C-3`, `history NI 15` or `history meeting 16 June`.",
    )


_REFERENCES = {
    "owner_id": Person,
    "presenter_id": Person,
    "response_owner_id": Person,
    "chair_id": Person,
    "vice_chair_id": Person,
    "author_id": Person,
    "person_id": Person,
    "substitute_for_id": Person,
    "board_id": Board,
    "parent_id": Board,
    "organisation_id": Organisation,
    "lead_organisation_id": Organisation,
}


def _named(session, events: list[AuditEvent]) -> dict[tuple[str, int], str]:
    """Names for the ids the events mention, so history reads "owner: Sarah Allen", not "owner id: 3"."""
    wanted: dict[type, set[int]] = {}
    for event in events:
        for values in (event.before or {}, event.after or {}):
            for key, value in values.items():
                if key in _REFERENCES and isinstance(value, int):
                    wanted.setdefault(_REFERENCES[key], set()).add(value)
    names = {}
    for model, ids in wanted.items():
        for row in session.exec(select(model).where(model.id.in_(ids))).all():
            names[(model.__name__, row.id)] = row.name
    return names


def _value(key: str, value, names: dict) -> str:
    if key in _REFERENCES and isinstance(value, int):
        return names.get((_REFERENCES[key].__name__, value), f"#{value}")
    return "—" if value in (None, "") else str(value)


def _label(key: str) -> str:
    return key.removesuffix("_id").replace("_", " ")


def _describe(event: AuditEvent, names: dict) -> str:
    if event.verb == "create":
        shown = {k: v for k, v in (event.after or {}).items() if v not in (None, "", []) and k not in HIDDEN}
        return "created: " + "; ".join(f"{_label(k)} {_value(k, v, names)}" for k, v in shown.items())
    before, after = event.before or {}, event.after or {}
    changes = "; ".join(
        f"{_label(k)}: {_value(k, before.get(k), names)} → {_value(k, after.get(k), names)}"
        for k in after
        if k not in HIDDEN
    )
    return changes if event.verb == "update" else f"{event.verb}: {changes}".rstrip(": ")


@command(
    "history",
    aliases=("audit", "changes"),
    summary="Every change to an action, consultation, indicator or meeting",
    usage="history REF",
    examples=("history A-12", "history NI 15", "history meeting 16 June"),
)
def history(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        target = (
            _target(session, ctx, words.strip()) if words.strip() else message("History of what? e.g. `history A-12`.")
        )
        if isinstance(target, Reply):
            return target
        entity, entity_id, label = target
        events = session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(MAX_EVENTS)
        ).all()  # type: ignore[attr-defined]
        if not events:
            return message(f"No changes are recorded for {label}.")
        names = {
            p.slack_user_id: p.name
            for p in session.exec(select(Person).where(Person.slack_user_id.in_({e.actor for e in events}))).all()
        }  # type: ignore[attr-defined]
        referenced = _named(session, list(events))
        rows = []
        for event in events:
            at = event.at.astimezone(ctx.tz)
            rows.append(
                {
                    "when": f"{long_date(at)} {clock(at)}",
                    "who": names.get(event.actor, event.actor),
                    "what": _describe(event, referenced)[:600],
                    "note": event.note,
                }
            )
        return Reply("history", {"title": f"History of {label}", "events": rows, "more": len(events) == MAX_EVENTS})
