"""Power users' text shortcuts for actions and readings:

`add action "…" @owner due next friday board forum`, `add reading NI 15 0.74 for 2009/10 Q3`,
`done A-12 "sent 3 March"`, `drop A-12 "no longer needed"`, `reassign A-12 @person`.
Every date read is confirmed back in full; every change is audited.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from commands import corrections
from commands.actions import parse_ref
from commands.core import action_changes
from commands.core import words as shortcut_words
from commands.core.context import Context
from commands.core.dates import DateProblem, parse_day
from commands.core.formatting import long_date
from commands.core.people import resolve_person
from commands.core.permissions import EDITORS, check
from commands.core.rag import period_key
from commands.core.registry import command
from commands.core.reply import Reply, message, refusal
from commands.core.reporting_periods import parse_period
from commands.imports.load_partnership import normalise_indicator_code
from storage import actions as action_queries
from storage import boards as board_queries
from storage.db import transaction
from storage.tables import Action, Indicator, IndicatorReading, Person
from storage.types import ActionStatus
from storage.writes import change, create

CORRECTION_EXAMPLE = 'add correction NI 15 "Extra patrols in the town centre at weekends" @Bren due next friday'
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


def _actor(ctx: Context) -> str:
    return ctx.user_id or "console"


@command(
    "add",
    summary="Add an action, an indicator reading or a corrective action (officers)",
    usage='add action "WHAT" [@owner] [due WHEN] [board BOARD] | add reading CODE VALUE for PERIOD | '
    'add correction CODE "WHAT" @owner [due WHEN]',
    examples=(
        'add action "Report comments to the PMSG" @Bren due next friday board forum',
        "add reading NI 15 0.74 for 2009/10 Q3",
        CORRECTION_EXAMPLE,
    ),
    details="Officers' shortcuts. Dates in your own words (`next friday`, `4th March`, `end of February`) "
    "are confirmed back in full; dates that could be read two ways are asked about. "
    "`add correction` gives a red or amber indicator a corrective action: an action like any other "
    "(reminders, `actions`, `done`), shown with the indicator.",
)
def add(ctx: Context, text: str) -> Reply:
    kind, _, rest = text.partition(" ")
    if kind.casefold() == "action":
        return add_action(ctx, rest)
    if kind.casefold() == "reading":
        return add_reading(ctx, rest)
    if kind.casefold() in {"correction", "corrective"}:
        return add_correction(ctx, rest.removeprefix("action ") if kind.casefold() == "corrective" else rest)
    return message(
        'Add what? `add action "…"`, `add reading NI 15 0.74 for 2009/10 Q3` or `add correction NI 15 "…" @owner`.'
    )


def add_action(ctx: Context, text: str) -> Reply:
    parts = shortcut_words.split(text, {"due", "by", "board", "owner"})
    description = (parts.quoted[0] if parts.quoted else " ".join(parts.loose)).strip()
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add actions"):
            return refused
        if not description:
            return refusal('What is the action? Put it in quotes: `add action "Report comments to the PMSG"`.')
        made = new_action(session, ctx, description, parts)
        if isinstance(made, Reply):
            return made
        action, said = made
        return message(
            f":white_check_mark: Added {action.ref}: " + " — ".join([f"“{description}”", ", ".join(said)]).rstrip(" —")
        )


def new_action(
    session: Session, ctx: Context, description: str, parts: shortcut_words.Parts, **fixed: Any
) -> tuple[Action, list[str]] | Reply:
    """The action `add action` (and `add correction`, with its indicator and board `fixed`) writes, with
    what was read from the owner, `due` and `board` words said back ("owner Bren McGowan", "due …"); or
    the refusal when any of them cannot be read. Nothing is written on a refusal."""
    if len(description) > 1000:
        return refusal("That action is over 1,000 characters; please shorten it.")
    values: dict[str, Any] = {
        "description": description,
        "status": ActionStatus.open,
        "source": f"slack:{_actor(ctx)}",
        **fixed,
    }
    said = []
    owner = _owner(session, parts)
    if isinstance(owner, Reply):
        return refusal(str(owner.data["text"]), owner.data.get("hint") or "Nothing was added.")
    if owner is not None:
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
    if "board" in parts.clauses and "board_id" not in fixed:
        boards = board_queries.find_boards(session, parts.clauses["board"])
        if len(boards) != 1:
            return refusal(f"I don't know a board called “{parts.clauses['board'][:60]}”.", "Nothing was added.")
        values["board_id"] = boards[0].id
        said.append(f"board {boards[0].name}")
    return create(session, _actor(ctx), Action(**values)), said


def add_correction(ctx: Context, text: str) -> Reply:
    """`add correction NI 15 "Extra patrols at weekends" @owner due end of March`: a corrective action
    for a red or amber indicator, on the indicator's board."""
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    code, quote, rest = text.partition('"')
    parts = shortcut_words.split(quote + rest, {"due", "by", "owner"})
    description = (parts.quoted[0] if parts.quoted else "").strip()
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add corrective actions"):
            return refused
        if not code.strip() or not description:
            return refusal(f"Say it like `{CORRECTION_EXAMPLE}`: the indicator, then what is to be done in quotes.")
        indicator = corrections.indicator_named(session, code)
        if isinstance(indicator, Reply):
            return indicator
        if problem := corrections.uncorrectable(session, ctx, indicator):
            return refusal(problem)
        if _owner(session, parts) is None:
            return refusal(f"Who will do it? Name an owner: `{CORRECTION_EXAMPLE}`.")
        made = new_action(session, ctx, description, parts, indicator_id=indicator.id, board_id=indicator.board_id)
        if isinstance(made, Reply):
            return made
        action, _ = made
        return message(corrections.added(session, action, indicator))


def _owner(session: Session, parts: shortcut_words.Parts) -> Person | Reply | None:
    """Whom `add action` names as owner — `<@U…>`, `@Lisa`, `@Lisa Jerome`, `owner Lisa Jerome`, or a
    name after the quoted description — or None when it names nobody. Never silently dropped: a name
    that fits nobody, or several people, is asked about."""
    owner_words = parts.people[0] if parts.people else parts.clauses.get("owner")
    if not owner_words and parts.quoted and parts.loose:
        owner_words = " ".join(parts.loose)  # add action "Book the room" Lisa Jerome due …
    if not owner_words:
        return None
    found = resolve_person(session, owner_words)
    if isinstance(found, Reply) and " " in owner_words.strip():
        # "@Lisa tomorrow": the name may be just the first word after the @
        first = resolve_person(session, owner_words.split()[0])
        if isinstance(first, Person):
            return first
    return found


def add_reading(ctx: Context, text: str) -> Reply:
    before, _, period = re.sub(r"\s+", " ", text).partition(" for ")
    tokens = before.split()
    if len(tokens) < 2 or not _NUMBER.match(tokens[-1]) or not period:
        return refusal("Say it like `add reading NI 15 0.74 for 2009/10 Q3`.")
    code, value = normalise_indicator_code(" ".join(tokens[:-1])), float(tokens[-1].rstrip("%"))
    if code.isdigit():
        code = f"NI {int(code)}"
    read = parse_period(period)
    if read is None:
        return refusal(f"“{period[:30]}” is not a period like `2009/10`, `2009/10 Q3` or `2009/10 M01` (April).")
    period = read.name
    if read.first_day > ctx.today:
        return refusal(f"{period} hasn't started yet; readings are for periods that have.")
    with transaction(ctx.engine) as session:
        if refused := check(session, ctx, EDITORS, "add indicator readings"):
            return refused
        indicator = session.exec(
            select(Indicator).where(Indicator.code == code, col(Indicator.archived_at).is_(None))
        ).first()
        if indicator is None:
            return refusal(f"There is no indicator {code}.", "`/forum indicators` lists them.")
        assert indicator.id is not None  # a stored indicator has its id
        existing = session.exec(
            select(IndicatorReading).where(
                IndicatorReading.indicator_id == indicator.id, IndicatorReading.period == period
            )
        ).first()
        latest = max(
            session.exec(select(IndicatorReading.period).where(IndicatorReading.indicator_id == indicator.id)).all(),
            key=period_key,
            default=None,
        )
        said = _when_read(ctx, period, latest)
        if existing is None:
            create(
                session,
                _actor(ctx),
                IndicatorReading(indicator_id=indicator.id, period=period, value=value, source=f"slack:{_actor(ctx)}"),
            )
            return message(f":white_check_mark: {code} {indicator.title}: {value:g} recorded for {period}.{said}")
        old = existing.value
        if old == value:
            return message(f"{code} for {period} is already {value:g}; nothing was changed.")
        change(session, _actor(ctx), existing, {"value": value})
        return message(f":white_check_mark: {code} for {period} is now {value:g} (it was {old:g}).{said}")


def _period_end(period: str) -> date:
    """The last day of a financial year ("2026/27": 31 March 2027), its quarter (Q3: 31 December) or month."""
    read = parse_period(period)
    assert read is not None  # only a period read by parse_period comes here
    return read.last_day


def _when_read(ctx: Context, period: str, latest: str | None) -> str:
    """What the officer should know about the period: one not yet ended holds the figure so far; one
    earlier than the latest is history, and the indicator still shows the latest (issue 12)."""
    if (end := _period_end(period)) >= ctx.today:
        return f"\n{period} runs to {long_date(end)}: this is the figure so far, shown as the latest until replaced."
    if latest is not None and period_key(latest) > period_key(period):
        return f"\n{period} is earlier than the latest reading ({latest}), which the indicator still shows; this one is in its history."
    return ""


def _action_for_change(session: Session, words: str) -> tuple[Action, str] | Reply:
    ref_word, _, rest = words.partition(" ")
    action_id = parse_ref(ref_word)
    if action_id is None:
        return refusal("Which action? Give its reference, like `A-12`.")
    action = action_queries.action_by_id(session, action_id)
    if action is None:
        return refusal(f"There is no action A-{action_id}.")
    return action, rest.strip()


def _unquoted(text: str) -> str:
    return text.strip().strip('"\u201c\u201d').strip()


@command(
    "done",
    aliases=("close", "complete"),
    summary="Mark an action done (its owner, the chair, officers)",
    usage='done REF ["note"]',
    examples=('done A-12 "sent 3 March"',),
)
def done(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        found = _action_for_change(session, words)
        if isinstance(found, Reply):
            return found
        action, note = found
        return action_changes.close(session, ctx, action, _unquoted(note))


@command(
    "drop",
    summary="Drop an action that is no longer needed (the chair, officers)",
    usage='drop REF "reason"',
    examples=('drop A-12 "overtaken by the new strategy"',),
    details="The action is kept on record with the reason, and leaves the overdue lists. "
    "Its owner cannot drop it (they can mark it done); the chair and officers can.",
)
def drop(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        found = _action_for_change(session, words)
        if isinstance(found, Reply):
            return found
        action, reason = found
        return action_changes.drop(session, ctx, action, _unquoted(reason))


@command(
    "reopen",
    summary="Reopen an action that was done or dropped (the chair, officers)",
    usage="reopen REF",
    examples=("reopen A-11",),
)
def reopen(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        found = _action_for_change(session, words)
        if isinstance(found, Reply):
            return found
        return action_changes.reopen(session, ctx, found[0])


@command(
    "reassign",
    summary="Give an action to someone else (the chair, officers)",
    usage="reassign REF @person",
    examples=("reassign A-12 @Sarah",),
)
def reassign(ctx: Context, words: str) -> Reply:
    with transaction(ctx.engine) as session:
        found = _action_for_change(session, words)
        if isinstance(found, Reply):
            return found
        action, who = found
        if not who:
            return refusal(f"To whom? `reassign {action.ref} @person`.")
        if found_refusal := action_changes.refused(session, ctx, action, "reassign"):
            return found_refusal
        person = resolve_person(session, who)
        if isinstance(person, Reply):
            return person
        return action_changes.reassign(session, ctx, action, person)
