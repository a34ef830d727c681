"""`history REF`: every recorded change to one record — who, when, what, before and after, in the
words people use (local times, "in progress", the meeting's board and day), not the stored values."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from commands.actions import STATUS_WORDS, parse_ref
from commands.core.context import Context
from commands.core.formatting import clock, long_date
from commands.core.registry import command
from commands.core.reply import Reply, message
from commands.imports.load_partnership import normalise_indicator_code
from commands.meetings import PAPER_WORDS, PURPOSE_WORDS, find_meeting
from storage.db import read_only
from storage.tables import (
    AuditEvent,
    Board,
    Indicator,
    IndicatorReading,
    IndicatorTarget,
    Meeting,
    Minute,
    Organisation,
    Person,
)

_CONSULTATION = re.compile(r"^c-?(\d{1,9})$", re.IGNORECASE)
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[+-]\d{2}:\d{2}|Z)?$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HIDDEN = {"id", "source", "archived_at", "indicator_id", "position"}
MAX_EVENTS = 40

# Stored choices, as the partnership says them.
CHOICE_WORDS: dict[str, dict[str, str]] = {
    "status": {
        **STATUS_WORDS,
        "scheduled": "scheduled",
        "postponed": "postponed",
        "cancelled": "cancelled",
        "held": "held",
    },
    "response_status": {
        "not_started": "not started",
        "drafting": "drafting",
        "circulated": "circulated for comment",
        "signed_off": "signed off by the chair and vice-chair",
        "submitted": "submitted",
    },
    "purpose": dict(PURPOSE_WORDS),
    "paper_kind": {k: v or "no paper" for k, v in PAPER_WORDS.items()},
    "direction": {"higher": "higher is better", "lower": "lower is better"},
    "kind": {"theme_board": "theme board", "sub_group": "sub-group", "substitute": "substitute"},
}

# Columns whose names say less than people do.
LABELS = {
    "status_reason": "reason",
    "response_owner": "response by",
    "response_status": "response",
    "starts_at": "starts",
    "ends_at": "ends",
    "completed_at": "completed",
    "submitted_at": "submitted",
    "due_date": "due",
    "paper_kind": "paper",
    "lead_organisation": "lead partner",
    "lead_text": "lead",
}


def _target(session: Session, ctx: Context, words: str) -> tuple[str, int, str] | Reply:
    if match := _CONSULTATION.match(words):
        return "consultation", int(match.group(1)), f"C-{match.group(1)}"
    if words[:1].casefold() == "a" and (action_id := parse_ref(words)) is not None:
        return "action", action_id, f"A-{action_id}"
    first, _, rest = words.partition(" ")
    if first.casefold() == "meeting":
        found = find_meeting(session, ctx, rest, prefer="last")  # history is of what has happened
        if isinstance(found, Reply):
            return found
        board, meeting = found
        assert meeting.id is not None
        return "meeting", meeting.id, f"{board.name}, {long_date(meeting.starts_at.astimezone(ctx.tz))}"
    code = normalise_indicator_code(words)
    indicator = session.exec(select(Indicator).where(Indicator.code == code)).first()
    if indicator is not None and indicator.id is not None:
        return "indicator", indicator.id, indicator.code
    return message(
        f"I don't know “{words[:40]}”.",
        "Try `history A-12`, `history C-3`, `history NI 15` or `history meeting last`.",
    )


_REFERENCES: dict[str, type[Any]] = {
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
    "meeting_id": Meeting,
    "minute_id": Minute,
}


class Names:
    """What the ids in events stand for, read in one query a kind, and how to say a value."""

    def __init__(self, session: Session, ctx: Context, events: list[AuditEvent]) -> None:
        self.ctx = ctx
        wanted: dict[type[Any], set[int]] = {}
        for event in events:
            for values in (event.before or {}, event.after or {}):
                for key, value in values.items():
                    if key in _REFERENCES and isinstance(value, int):
                        wanted.setdefault(_REFERENCES[key], set()).add(value)
        self.names: dict[tuple[str, int], str] = {}
        boards: dict[int, str] = {}
        meetings = list(session.exec(select(Meeting).where(col(Meeting.id).in_(wanted.get(Meeting, set())))).all())
        if meetings:
            board_ids = {m.board_id for m in meetings}
            found = session.exec(select(Board).where(col(Board.id).in_(board_ids))).all()
            boards = {b.id: b.name for b in found if b.id is not None}  # stored boards: every one has its id
        for meeting in meetings:
            assert meeting.id is not None  # a stored meeting has its id
            day = long_date(meeting.starts_at.astimezone(ctx.tz))
            self.names[("Meeting", meeting.id)] = f"{boards.get(meeting.board_id, 'the board')}, {day}"
        for minute in session.exec(select(Minute).where(col(Minute.id).in_(wanted.get(Minute, set())))).all():
            assert minute.id is not None
            self.names[("Minute", minute.id)] = minute.number
        named: tuple[type[Person] | type[Board] | type[Organisation], ...] = (Person, Board, Organisation)
        for model in named:
            ids = wanted.get(model, set())
            if ids:
                for row_id, name in session.exec(select(model.id, model.name).where(col(model.id).in_(ids))).all():
                    self.names[(model.__name__, row_id or 0)] = name

    def value(self, key: str, value: Any) -> str:
        if key in _REFERENCES and isinstance(value, int):
            return self.names.get((_REFERENCES[key].__name__, value), "a record since removed")
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(self.value(key, v) for v in value)
        if isinstance(value, float):
            return f"{value:g}"
        if isinstance(value, str):
            if key in CHOICE_WORDS and value in CHOICE_WORDS[key]:
                return CHOICE_WORDS[key][value]
            if _MOMENT.match(value):
                moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
                if moment.tzinfo is not None:
                    moment = moment.astimezone(self.ctx.tz)
                return f"{long_date(moment)} {clock(moment)}"
            if _DAY.match(value):
                return long_date(date.fromisoformat(value))
        return str(value)


def _label(key: str) -> str:
    key = key.removesuffix("_id")
    return LABELS.get(key, key.replace("_", " "))


def _describe(event: AuditEvent, names: Names, prefix: str = "") -> str:
    if event.verb == "create":
        shown = {
            k: v
            for k, v in (event.after or {}).items()
            if v not in (None, "", []) and v is not False and k not in HIDDEN
        }  # a flag that is off says nothing worth reading when the record was made
        return prefix + "created: " + "; ".join(f"{_label(k)} {names.value(k, v)}" for k, v in shown.items())
    before, after = event.before or {}, event.after or {}
    changes = "; ".join(
        f"{_label(k)}: {names.value(k, before.get(k))} → {names.value(k, after.get(k))}"
        for k in after
        if k not in HIDDEN
    )
    if event.verb == "archive" and not changes.strip():
        return prefix + "withdrawn"
    return prefix + (changes if event.verb == "update" else f"{event.verb}: {changes}".rstrip(": "))


def _events(session: Session, entity: str, entity_id: int) -> list[tuple[AuditEvent, str]]:
    """The record's own events, and for an indicator those of its readings and targets (each said
    with its period), newest first."""
    found = [
        (e, "")
        for e in session.exec(
            select(AuditEvent)
            .where(AuditEvent.entity == entity, AuditEvent.entity_id == entity_id)
            .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
            .limit(MAX_EVENTS)
        ).all()
    ]
    if entity == "indicator":
        kinds: tuple[tuple[type[IndicatorReading] | type[IndicatorTarget], str], ...] = (
            (IndicatorReading, "reading"),
            (IndicatorTarget, "target"),
        )
        for model, what in kinds:
            rows = session.exec(select(col(model.id), col(model.period)).where(model.indicator_id == entity_id)).all()
            periods = {row_id: period for row_id, period in rows if row_id is not None}  # stored rows have ids
            if not periods:
                continue
            for event in session.exec(
                select(AuditEvent)
                .where(AuditEvent.entity == model.__tablename__, col(AuditEvent.entity_id).in_(periods))
                .order_by(col(AuditEvent.at).desc(), col(AuditEvent.id).desc())
                .limit(MAX_EVENTS)
            ).all():
                found.append((event, f"{what} for {periods[event.entity_id]} "))
        found.sort(key=lambda pair: (pair[0].at, pair[0].id or 0), reverse=True)
    return found[:MAX_EVENTS]


@command(
    "history",
    kept=True,
    aliases=("audit", "changes"),
    summary="Every change to an action, consultation, indicator or meeting",
    usage="history REF",
    examples=("history A-12", "history NI 15", "history meeting last"),
)
def history(ctx: Context, words: str) -> Reply:
    with read_only(ctx.engine) as session:
        target = (
            _target(session, ctx, words.strip()) if words.strip() else message("History of what? e.g. `history A-12`.")
        )
        if isinstance(target, Reply):
            return target
        entity, entity_id, label = target
        events = _events(session, entity, entity_id)
        if not events:
            return message(f"No changes are recorded for {label}.")
        actors = {e.actor for e, _ in events}
        people = {
            p.slack_user_id: p.name
            for p in session.exec(select(Person).where(col(Person.slack_user_id).in_(actors))).all()
        }
        names = Names(session, ctx, [e for e, _ in events])
        rows = []
        for event, prefix in events:
            at = event.at.astimezone(ctx.tz)
            what = _describe(event, names, prefix)[:600]
            note = event.note
            if note and note.casefold().strip(" .") in what.casefold():
                note = None  # the reason is already in what changed: say it once
            rows.append(
                {
                    "when": f"{long_date(at)} {clock(at)}",
                    "who": people.get(event.actor, _actor_words(event.actor)),
                    "what": what,
                    "note": note,
                }
            )
        return Reply("history", {"title": f"History of {label}", "events": rows, "more": len(events) == MAX_EVENTS})


def _actor_words(actor: str) -> str:
    """Who made a change, when it was not a person we know: "demo", "console", "import:FILE"."""
    if actor == "demo":
        return "the demo partnership"
    if actor == "console":
        return "the console"
    if actor.startswith("import:"):
        return f"imported from {actor.removeprefix('import:')}"
    return actor
