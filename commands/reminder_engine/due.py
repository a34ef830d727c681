"""Every reminder due in a window: the meetings', consultations', actions' and readings' rules together.

Kept apart from `rules` (the shapes every rule shares) so the rules depend on it, never the other way.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from commands.reminder_engine import actions, consultations, invitations, meetings, papers, readings
from commands.reminder_engine.routing import by_route
from commands.reminder_engine.rules import KINDS, Due, Partnership, load_partnership
from settings import Settings


def due_between(
    session: Session,
    settings: Settings,
    start: datetime,
    end: datetime,
    now: datetime | None = None,
    loaded: Partnership | None = None,
) -> list[Due]:
    """Every reminder due in [start, end], soonest first, its message data built as of `now`
    (`loaded`: the partnership as this session already read it, to be looked at over this window)."""
    if loaded is not None:
        partnership = replace(loaded, start=start, end=end, now=now or end)
    else:
        partnership = load_partnership(session, settings, start, end, now or end)
    dues = [
        *meetings.dues(partnership),
        *consultations.dues(partnership),
        *actions.dues(partnership),
        *readings.dues(partnership),
        *papers.dues(partnership),
        *invitations.dues(partnership),
    ]
    dues = by_route(session, settings, [due for due in dues if partnership.in_window(due.due_at)])
    order = list(KINDS)
    return sorted(dues, key=lambda d: (d.due_at, order.index(d.kind), d.target, d.occasion))
