"""*Enter reading*, the button on a reading's nudge: the officers' reading form (commands/forms.py),
the indicator and period filled in. Its named contact may use it too, for that indicator only."""

from __future__ import annotations

import json

from commands.core.context import Context
from commands.core.permissions import EDITORS, check
from commands.core.readings_due import contact_asked
from commands.core.reply import Reply, refusal
from commands.core.reporting_periods import parse_period
from commands.forms import form
from storage.db import read_only
from storage.tables import Indicator


def reading_form(ctx: Context, value: str, channel_id: str | None) -> Reply:
    """*Enter reading* on a nudge: the reading form with the indicator and period filled in. For
    officers, and for the indicator's named contact (who may enter that indicator's readings)."""
    indicator_words, _, period_words = value.partition("|")
    period = parse_period(period_words)
    if not indicator_words.isdigit() or not 1 <= int(indicator_words) <= 2**31 - 1 or period is None:
        return refusal("That button is out of date; `/forum indicators missing` lists what is owed.")
    meta = {"kind": "reading", "id": None, "indicator_id": int(indicator_words), "channel": channel_id}
    with read_only(ctx.engine) as session:
        indicator = session.get(Indicator, int(indicator_words))
        if indicator is None or indicator.archived_at is not None:
            return refusal("That indicator is no longer recorded.")
        if contact_asked(session, ctx, meta) is None and (
            refused := check(session, ctx, EDITORS, "add indicator readings")
        ):
            return refused
        ctx.channel_id = channel_id
        reply = form(session, ctx, "reading")
        reply.data["initial"] = {"indicator": indicator.code, "period": period.name}
        reply.data["metadata"] = json.dumps(meta)
        return reply
