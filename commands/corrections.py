"""Corrective actions (issue 17): an action meant to bring a red or amber indicator back on track.

It is an action like any other — reminders, the overdue digest, `actions`, `done`, spreadsheets —
with `Action.indicator_id` naming its indicator, and its board the indicator's board. Officers add
one with `add correction NI 15 "…" @owner due …` (commands/action_shortcuts.py) or the *Add
corrective action* button on `indicator` (the "correction" form, commands/forms.py); both are
refused for a green indicator or one with no status.
"""

from __future__ import annotations

from sqlmodel import Session

from commands.core import indicator_lookup as lookup
from commands.core.context import Context
from commands.core.formatting import long_date
from commands.core.reply import Reply, refusal
from commands.indicators import indicator_views
from storage import indicators as indicator_queries
from storage.tables import Action, Indicator, Person

CORRECTABLE = ("red", "amber")


def indicator_named(session: Session, words: str) -> Indicator | Reply:
    """The one indicator `words` means (`NI 15`, `15`, `violent crime`), as `indicator CODE` finds it."""
    shown = " ".join(words.split())[:60]
    found = lookup.find(indicator_queries.active_indicators(session), words)
    if not found:
        return refusal(f"I can't find an indicator matching “{shown}”.", "`/forum indicators red amber` lists them.")
    if len(found) > 1:
        found.sort(key=lambda i: lookup.code_order(i.code))
        options = "; ".join(f"{i.code} {i.title}" for i in found[:5])
        return refusal(f"“{shown}” matches several: {options}.", "Give the code, e.g. `NI 15`.")
    return found[0]


def uncorrectable(session: Session, ctx: Context, indicator: Indicator) -> str | None:
    """Why this indicator cannot be given a corrective action (it is green, or has no status), or None."""
    view = indicator_views(session, ctx, [indicator])[0]
    if view["rag"] in CORRECTABLE:
        return None
    if view["rag"] == "green":
        return f"{indicator.code} is green: {view['reason']}. Corrective actions are for red or amber indicators."
    return (
        f"{indicator.code} has no status yet ({view['reason'].rstrip('.')}), so there is nothing to correct: "
        "corrective actions are for red or amber indicators."
    )


def added(session: Session, action: Action, indicator: Indicator) -> str:
    """What the officer is told: "Added A-41, a corrective action for NI 15 …, owner …, due …: “…”"."""
    owner = session.get(Person, action.owner_id) if action.owner_id else None
    return (
        f":white_check_mark: Added {action.ref}, a corrective action for {indicator.code} {indicator.title}, "
        f"owner {owner.name if owner else action.owner_text or 'nobody yet'}, "
        + (f"due {long_date(action.due_date)}" if action.due_date else "no due date")
        + f": “{action.description}”."
    )
