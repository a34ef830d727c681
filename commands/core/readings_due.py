"""Which indicator readings are owed: each indicator's collection frequency and the days after a
period ends by which its reading is due, and for a given day the periods whose reading is missing.

Frequency: the indicator's own (`Indicator.frequency`); else, with none set, what its readings so
far show (only whole years: annual; any month: monthly); else its board's default. Days until due:
the indicator's own (`reading_due_days`), else its board's. A board's defaults are in
`Board.settings["indicators"]`, e.g. `{"indicators": {"frequency": "monthly", "reading_due_days": 20}}`;
a board without them takes its parent's, then the Forum's, then quarterly and 30 days.

A period is chased once it has ended, and only if it ended after the indicator began being
recorded (after its latest reading; with no reading at all, after the indicator was added) and is
among the last three periods of its frequency (`CHASED_PERIODS`): nobody is chased for decades of
history. A reading is in when an `IndicatorReading` for exactly that period exists (not archived);
a later period's reading also ends the chase of an earlier one. Archived indicators are never chased.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session, col, select

from commands.core.context import Context
from commands.core.formatting import long_date, relative_days
from commands.core.people import caller
from commands.core.reporting_periods import (
    FREQUENCIES,
    ReportingPeriod,
    ended_before,
    financial_year,
    frequency_named,
    period_end,
)
from storage import reading_chase
from storage.tables import Board, Indicator, Organisation, Person

DEFAULTS: dict[str, Any] = {"frequency": "quarterly", "reading_due_days": 30}
CHASED_PERIODS = 3
MAX_DUE_DAYS = 366


def _read(key: str, value: Any) -> Any:
    if key == "frequency":
        frequency = frequency_named(value)
        if frequency is None:
            raise ValueError("monthly, quarterly or annual")
        return frequency
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_DUE_DAYS:
        raise ValueError(f"a whole number of days from 0 to {MAX_DUE_DAYS}")
    return value


def board_defaults(board_settings: dict[str, Any] | None) -> tuple[dict[str, Any], list[str]]:
    """The chasing defaults a board sets itself, and what in them makes no sense (ignored)."""
    given = board_settings.get("indicators") if isinstance(board_settings, dict) else None
    if not isinstance(given, dict):
        return {}, []
    found: dict[str, Any] = {}
    problems = []
    for key, value in given.items():
        if key == "due_days":
            key = "reading_due_days"
        if key not in DEFAULTS:
            problems.append(f"indicators.{key} is not a setting")
            continue
        try:
            found[key] = _read(key, value)
        except ValueError as why:
            problems.append(f"indicators.{key} = {str(value)[:40]!r} is not {why}; using the default")
    return found, problems


@dataclass(frozen=True)
class Owed:
    """One reading that is owed: its indicator, period and due day, and who is chased for it."""

    indicator: Indicator
    period: ReportingPeriod
    due: date
    board: Board | None  # the indicator's, else the Forum
    contact: Person | None  # the named contact, if any (and not archived)
    lead: str | None  # the lead partner, in words

    def view(self, today: date) -> dict[str, Any]:
        return {
            "indicator_id": self.indicator.id,
            "code": self.indicator.code,
            "title": self.indicator.title,
            "unit": self.indicator.unit,
            "period": self.period.name,
            "period_ended": long_date(self.period.last_day),
            "due": long_date(self.due),
            "when": relative_days(self.due, today),
            "days_overdue": max((today - self.due).days, 0),
            "contact": self.contact.name if self.contact else None,
            "lead": self.lead,
            "owes": self.contact.name if self.contact else (self.lead or "nobody named"),
            "board": self.board.name if self.board else None,
            "button": f"{self.indicator.id}|{self.period.name}",
        }


@dataclass
class Chase:
    """Every indicator's rules and readings, loaded once, to ask about any day near `around`."""

    boards: dict[int, Board]
    forum: Board | None
    indicators: list[Indicator]
    rules: dict[int, tuple[str, int]]  # indicator id → (frequency, days until due)
    since: dict[int, date]  # indicator id → periods ending after this day are chased
    have: dict[int, set[str]]  # indicator id → recent periods with a reading
    contacts: dict[int, Person]
    leads: dict[int, str]
    problems: list[str]

    def board_of(self, indicator: Indicator) -> Board | None:
        return (self.boards.get(indicator.board_id) if indicator.board_id else None) or self.forum

    def chased_on(self, indicator: Indicator, day: date) -> list[tuple[ReportingPeriod, date]]:
        """(period, due day) for each reading chased on `day` and not in, the latest first."""
        frequency, due_days = self.rules[indicator.id or 0]
        since, have = self.since[indicator.id or 0], self.have.get(indicator.id or 0, set())
        return [
            (period, last_day + timedelta(days=due_days))
            for period, name, last_day in ended_before(day, frequency, CHASED_PERIODS)
            if last_day > since and name not in have
        ]

    def owed(self, indicator: Indicator, period: ReportingPeriod, due: date) -> Owed:
        contact = self.contacts.get(indicator.contact_id) if indicator.contact_id else None
        return Owed(indicator, period, due, self.board_of(indicator), contact, self.leads.get(indicator.id or 0))

    def owed_on(self, day: date, board_ids: Iterable[int] | None = None) -> list[Owed]:
        """Every reading chased on `day` (its period ended; due, or due soon) and not in."""
        wanted = set(board_ids) if board_ids is not None else None
        found = []
        for indicator in self.indicators:
            if wanted is not None and indicator.board_id not in wanted:
                continue
            found += [self.owed(indicator, period, due) for period, due in self.chased_on(indicator, day)]
        return sorted(found, key=lambda o: (o.due, o.indicator.code))


def _chain(boards: dict[int, Board], board: Board | None, forum: Board | None) -> list[Board]:
    found: list[Board] = []
    while board is not None and board not in found:
        found.append(board)
        board = boards.get(board.parent_id) if board.parent_id else None
    if forum is not None and forum not in found:
        found.append(forum)
    return found


def load_chase(session: Session, boards: dict[int, Board], forum: Board | None, around: date) -> Chase:
    """What chasing needs for days near `around` (a few periods before it, and after)."""
    indicators = reading_chase.chased_indicators(session)
    defaults: dict[int, dict[str, Any]] = {}
    problems: list[str] = []
    for board_id, board in boards.items():
        defaults[board_id], said = board_defaults(board.settings)
        problems += [f"{board.name}: {p}" for p in said]
    if not indicators:  # a partnership with no indicators: nothing more to ask the database
        return Chase(boards, forum, [], {}, {}, {}, {}, {}, problems)
    histories = reading_chase.reading_histories(session)
    rules: dict[int, tuple[str, int]] = {}
    for indicator in indicators:
        key = indicator.id or 0
        chain = _chain(boards, (boards.get(indicator.board_id) if indicator.board_id else None), forum)
        chosen = {k: v for board in reversed(chain) for k, v in defaults.get(board.id or 0, {}).items()}
        history = histories.get(key)
        frequency = frequency_named(indicator.frequency or "")
        if frequency is None and history is not None:
            frequency = "annual" if not history.sub_year else ("monthly" if history.monthly else None)
        frequency = frequency or chosen.get("frequency") or DEFAULTS["frequency"]
        due_days = indicator.reading_due_days
        if due_days is None or not 0 <= due_days <= MAX_DUE_DAYS:
            due_days = chosen.get("reading_due_days", DEFAULTS["reading_due_days"])
        assert frequency in FREQUENCIES
        rules[key] = (frequency, int(due_days))
    # The periods chased on the days near `around` (a few weeks either side): a quarter's or a
    # month's reach back into the year before at most; an annual indicator's three years, and a
    # week more for a digest. A reading older than that only says the indicator has a history
    # (which `histories` knows): the same periods are chased as if it were not read.
    year = financial_year(around)
    annual = [key for key, (frequency, _) in rules.items() if frequency == "annual"]
    have = reading_chase.recent_periods(session, year - 1, annual, year - CHASED_PERIODS - 1)
    since: dict[int, date] = {}
    for indicator in indicators:
        key = indicator.id or 0
        ends = [end for end in map(period_end, have.get(key, ())) if end is not None]
        if ends:
            since[key] = max(ends)
        elif histories.get(key) is not None:
            since[key] = date.min  # readings, all long ago: the last few periods are chased
        else:
            added = indicator.created_at.date() if indicator.created_at else date.min
            since[key] = added - timedelta(days=1) if added > date.min else date.min
    contact_ids = {i.contact_id for i in indicators if i.contact_id}
    contacts = (
        {
            p.id: p
            for p in session.exec(select(Person).where(col(Person.id).in_(contact_ids))).all()
            if p.id is not None and p.archived_at is None
        }
        if contact_ids
        else {}
    )
    organisation_ids = {i.lead_organisation_id for i in indicators if i.lead_organisation_id and not i.lead_text}
    organisations = (
        {o.id: o.name for o in session.exec(select(Organisation).where(col(Organisation.id).in_(organisation_ids)))}
        if organisation_ids
        else {}
    )
    leads = {
        i.id: lead
        for i in indicators
        if i.id is not None
        and (lead := i.lead_text or (organisations.get(i.lead_organisation_id) if i.lead_organisation_id else None))
    }
    return Chase(boards, forum, indicators, rules, since, have, contacts, leads, problems)


def contact_asked(session: Session, ctx: Context, meta: Any) -> Indicator | None:
    """The indicator a reading form opened from a nudge is for, when the caller is its named
    contact (who may enter that indicator's readings, whatever their role); else None."""
    indicator_id = meta.get("indicator_id") if isinstance(meta, dict) else None
    if isinstance(indicator_id, bool) or not isinstance(indicator_id, int) or not 1 <= indicator_id <= 2**31 - 1:
        return None
    indicator = session.get(Indicator, indicator_id)
    me = caller(session, ctx)
    if indicator is None or indicator.archived_at is not None or me is None or indicator.contact_id != me.id:
        return None
    return indicator
