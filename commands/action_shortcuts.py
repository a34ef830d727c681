"""Power users' text shortcuts for actions and readings:

`add action "…" @owner due next friday board forum`, `add reading NI 15 0.74 for 2009/10 Q3`,
`done A-12 "sent 3 March"`, `drop A-12 "no longer needed"`, `reassign A-12 @person`.
Every date read is confirmed back in full; every change is audited.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from commands.actions import parse_ref
from commands.core import words as shortcut_words
from commands.core.context import Context
from commands.core.dates import DateProblem, parse_day
from commands.core.formatting import long_date
from commands.core.people import caller, resolve_person
from commands.core.permissions import ACTION_CLOSERS, EDITORS, check
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.imports.load_partnership import normalise_indicator_code
from storage import actions as action_queries
from storage import boards as board_queries
from storage.db import transaction
from storage.people import person_by_slack_id
from storage.tables import Action, ActionUpdate, Indicator, IndicatorReading
from storage.types import utcnow
from storage.writes import change, create

_PERIOD = re.compile(r"^(\d{4})/(\d{2})(?: (Q[1-4]))?$", re.IGNORECASE)
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


def _actor(ctx: Context) -> str:
    return ctx.user_id or "console"


@command(
    "add",
    summary="Add an action or an indicator reading (officers)",
    usage='add action "WHAT" [@owner] [due WHEN] [board BOARD] | add reading CODE VALUE for PERIOD',
    examples=(
        'add action "Report comments to the PMSG" @Bren due next friday board forum',
        "add reading NI 15 0.74 for 2009/10 Q3",
    ),
    details="Officers' shortcuts. Dates in your own words (`next friday`, `4th March`, `end of February`) "
    "are confirmed back in full; dates that could be read two ways are asked about.",
)
def add(ctx: Context, text: str) -> Reply:
    kind, _, rest = text.partition(" ")
    if kind.casefold() == "action":
        return add_action(ctx, rest)
    if kind.casefold() == "reading":
        return add_reading(ctx, rest)
    return message('Add what? `add action "…"` or `add reading NI 15 0.74 for 2009/10 Q3`.')


def add_action(ctx: Context, text: str) -> Reply:
    parts = shortcut_words.split(text, {"due", "by", "board", "owner"})
    description = (parts.quoted[0] if parts.quoted else " ".join(parts.loose)).strip()
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add actions"):
            return refused
        if not description:
            return refusal('What is the action? Put it in quotes: `add action "Report comments to the PMSG"`.')
        if len(description) > 1000:
            return refusal("That action is over 1,000 characters; please shorten it.")
        values: dict = {"description": description, "status": "open", "source": f"slack:{_actor(ctx)}"}
        said = [f"“{description}”"]
        owner_words = parts.clauses.get("owner")
        if parts.mentions or owner_words:
            owner = (
                person_by_slack_id(session, parts.mentions[0])
                if parts.mentions
                else resolve_person(session, owner_words)
            )
            if owner is None:
                return refusal("The person you mentioned isn't in the partnership's records yet.")
            if isinstance(owner, Reply):
                return owner
            values.update(owner_id=owner.id, organisation_id=owner.organisation_id)
            said.append(f"owner {owner.name}")
        due_words = parts.clauses.get("due") or parts.clauses.get("by")
        if due_words is not None:
            due = parse_day(due_words, ctx.today, strict=True)
            if isinstance(due, DateProblem):
                return refusal(due.text, "Nothing was added.")
            if due < ctx.today:
                return refusal(f"{long_date(due)} is in the past; give a due date from today on.")
            values["due_date"] = due
            said.append(f"due {long_date(due)}")
        if "board" in parts.clauses:
            boards = board_queries.find_boards(session, parts.clauses["board"])
            if len(boards) != 1:
                return refusal(f"I don't know a board called “{parts.clauses['board'][:60]}”.", "Nothing was added.")
            values["board_id"] = boards[0].id
            said.append(f"board {boards[0].name}")
        action = create(session, _actor(ctx), Action(**values))
        return message(
            f":white_check_mark: Added {action.ref}: " + " — ".join([said[0], ", ".join(said[1:])]).rstrip(" —")
        )


def add_reading(ctx: Context, text: str) -> Reply:
    before, _, period = re.sub(r"\s+", " ", text).partition(" for ")
    tokens = before.split()
    if len(tokens) < 2 or not _NUMBER.match(tokens[-1]) or not period:
        return refusal("Say it like `add reading NI 15 0.74 for 2009/10 Q3`.")
    code, value = normalise_indicator_code(" ".join(tokens[:-1])), float(tokens[-1].rstrip("%"))
    if code.isdigit():
        code = f"NI {int(code)}"
    match = _PERIOD.match(period.strip())
    if not match or int(match[2]) != (int(match[1]) + 1) % 100:
        return refusal(f"“{period[:30]}” is not a period like `2009/10` or `2009/10 Q3`.")
    period = f"{match[1]}/{match[2]}" + (f" {match[3].upper()}" if match[3] else "")
    if int(match[1]) > ctx.today.year:
        return refusal(f"{period} hasn't started yet; readings are for periods that have.")
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add indicator readings"):
            return refused
        indicator = session.exec(
            select(Indicator).where(Indicator.code == code, Indicator.archived_at.is_(None))
        ).first()  # type: ignore[union-attr]
        if indicator is None:
            return refusal(f"There is no indicator {code}.", "`/forum indicators` lists them.")
        existing = session.exec(
            select(IndicatorReading).where(
                IndicatorReading.indicator_id == indicator.id, IndicatorReading.period == period
            )
        ).first()
        if existing is None:
            create(
                session,
                _actor(ctx),
                IndicatorReading(indicator_id=indicator.id, period=period, value=value, source=f"slack:{_actor(ctx)}"),
            )
            return message(f":white_check_mark: {code} {indicator.title}: {value:g} recorded for {period}.")
        old = existing.value
        change(session, _actor(ctx), existing, {"value": value})
        return message(f":white_check_mark: {code} for {period} is now {value:g} (it was {old:g}).")


def _action_for_change(session: Session, ctx: Context, words: str, doing: str, allowed=ACTION_CLOSERS):
    ref_word, _, rest = words.partition(" ")
    action_id = parse_ref(ref_word)
    if action_id is None:
        return refusal("Which action? Give its reference, like `A-12`.")
    action = action_queries.action_by_id(session, action_id)
    if action is None:
        return refusal(f"There is no action A-{action_id}.")
    if refused := check(session, ctx, allowed, doing, owner_id=action.owner_id):
        return refused
    return action, rest.strip()


def _note(session: Session, ctx: Context, action: Action, text: str) -> None:
    me = caller(session, ctx)
    create(
        session,
        _actor(ctx),
        ActionUpdate(
            action_id=action.id, author_id=me.id if me else None, text=text[:2000], source=f"slack:{_actor(ctx)}"
        ),
    )


@command(
    "done",
    aliases=("close", "complete"),
    summary="Mark an action done (its owner, the chair, officers)",
    usage='done REF ["note"]',
    examples=('done A-12 "sent 3 March"',),
)
def done(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        found = _action_for_change(session, ctx, words, "close actions")
        if isinstance(found, Reply):
            return found
        action, note = found
        if action.status in {"done", "dropped"}:
            return refusal(f"{action.ref} is already {action.status}.")
        change(session, _actor(ctx), action, {"status": "done", "completed_at": utcnow()})
        if note.strip('"'):
            _note(session, ctx, action, note.strip('"'))
        return message(f":white_check_mark: {action.ref} is done: {action.description}")


@command(
    "drop",
    summary="Drop an action that is no longer needed (the chair, officers)",
    usage='drop REF "reason"',
    examples=('drop A-12 "overtaken by the new strategy"',),
)
def drop(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        found = _action_for_change(session, ctx, words, "drop actions")
        if isinstance(found, Reply):
            return found
        action, reason = found
        if not reason.strip('" '):
            return refusal(f'Why is {action.ref} dropped? `drop {action.ref} "reason"`.')
        change(session, _actor(ctx), action, {"status": "dropped"}, note=reason.strip('"'))
        _note(session, ctx, action, "Dropped: " + reason.strip('"'))
        return message(f"{action.ref} is dropped (kept on record): {action.description}")


@command(
    "reassign",
    summary="Give an action to someone else (the chair, officers)",
    usage="reassign REF @person",
    examples=("reassign A-12 @Sarah",),
)
def reassign(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        ref_word, _, who = words.partition(" ")
        action_id = parse_ref(ref_word)
        action = action_queries.action_by_id(session, action_id) if action_id else None
        if action is None:
            return refusal("Which action? Give its reference, like `A-12`.")
        if refused := check(session, ctx, ACTION_CLOSERS, "reassign actions"):
            return refused
        person = resolve_person(session, who.strip()) if who.strip() else refusal("To whom? `reassign A-12 @person`.")
        if isinstance(person, Reply):
            return person
        change(
            session,
            _actor(ctx),
            action,
            {"owner_id": person.id, "owner_text": None, "organisation_id": person.organisation_id},
        )
        return message(f"{action.ref} is now {person.name}'s: {action.description}")
