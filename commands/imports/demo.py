"""`forum demo`: the Luton Forum, drawn from the seed papers, moved to the present.

The demo file keeps the papers' own dates. Loading shifts every date forward by a whole number of
weeks (so Thursdays stay Thursdays): `demo_today`, a Thursday, lands on the last Thursday on or before
today, so "next thursday" always means the same demo meeting, whichever day of the week the demo is
loaded. Indicator periods ("2009/10 Q2") move by the number of financial years between the two, and a
reading for a period that has not ended yet is left out. Progress notes are dated when they would
have been written: at the board's next meeting after the action's (its Matters Arising), never later
than yesterday.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from commands.imports.load_partnership import LoadReport, load
from commands.imports.partnership_file import PartnershipFile, parse
from storage.tables import Action, ActionUpdate, Meeting
from storage.writes import change

_PERIOD = re.compile(r"^(\d{4})/(\d{2})(.*)$")
_QUARTER = re.compile(r"\bQ([1-4])\b")
ACTOR = "demo"


def demo_text() -> str:
    return resources.files("storage.demo").joinpath("luton.yaml").read_text(encoding="utf-8")


def shift_period(period: str, years: int) -> str:
    match = _PERIOD.match(period)
    if not match:
        return period
    start = int(match.group(1)) + years
    return f"{start}/{(start + 1) % 100:02d}{match.group(3)}"


def financial_year(day: date) -> int:
    """The year a UK financial year (April to March) starts in: 2026/27 for 3 December 2026."""
    return day.year if day.month >= 4 else day.year - 1


def period_end(period: str) -> date | None:
    """The last day of "2026/27" (31 March 2027) or "2026/27 Q3" (31 December 2026)."""
    match = _PERIOD.match(period)
    if not match:
        return None
    start = int(match.group(1))
    quarter = _QUARTER.search(match.group(3))
    if not quarter:
        return date(start + 1, 3, 31)
    ends = {1: date(start, 6, 30), 2: date(start, 9, 30), 3: date(start, 12, 31), 4: date(start + 1, 3, 31)}
    return ends[int(quarter.group(1))]


def _shift(value: Any, delta: timedelta, years: int, key: str = "") -> Any:
    if isinstance(value, datetime):
        return value + delta  # local wall-clock time: 2:00 pm stays 2:00 pm across the clock change
    if isinstance(value, date):
        return value + delta
    if isinstance(value, dict):
        periods = key in {"targets", "readings"}
        return {(shift_period(k, years) if periods else k): _shift(v, delta, years, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta, years, key) for v in value]
    if key == "baseline_period" and isinstance(value, str):
        return shift_period(value, years)
    if key == "meeting" and isinstance(value, str) and re.match(r"^\S+ \d{4}-\d{2}-\d{2}$", value):
        slug, day = value.split()
        return f"{slug} {date.fromisoformat(day) + delta}"
    return value


def _ended_readings_only(moved: dict[str, Any], today: date) -> None:
    for indicator in moved.get("indicators", []):
        readings = indicator.get("readings") or {}
        indicator["readings"] = {
            period: value
            for period, value in readings.items()
            if (end := period_end(period)) is None or end < today  # a quarter is read once it is over
        }


def shifted(data: PartnershipFile, today: date) -> PartnershipFile:
    if data.demo_today is None:
        return data
    weeks = (today - data.demo_today).days // 7  # the file's Thursday → the last Thursday up to today
    delta = timedelta(weeks=weeks)
    years = financial_year(data.demo_today + delta) - financial_year(data.demo_today)
    moved = _shift(data.model_dump(exclude={"demo_today"}), delta, years)
    _ended_readings_only(moved, today)
    return PartnershipFile.model_validate({**moved, "demo_today": data.demo_today + delta})


def demo_partnership(today: date) -> PartnershipFile:
    return shifted(parse(demo_text()), today)


def date_progress_notes(session: Session, data: PartnershipFile, today: date, tz: ZoneInfo) -> int:
    """Give each progress note of the demo's actions the day it would have been written: the board's
    next meeting after the action's own (where Matters Arising reports it), else a fortnight after the
    action's meeting; never today or later. Returns how many notes were re-dated (audited)."""
    demo_notes = {(entry.description, text) for entry in data.actions for text in entry.notes}
    rows = session.exec(
        select(ActionUpdate, Action, Meeting)
        .join(Action, col(Action.id) == ActionUpdate.action_id)
        .join(Meeting, col(Meeting.id) == Action.meeting_id)
    ).all()
    meetings = list(
        session.exec(select(Meeting).where(col(Meeting.archived_at).is_(None)).order_by(col(Meeting.starts_at))).all()
    )
    latest = today - timedelta(days=1)
    changed = 0
    for update, action, meeting in rows:
        if (action.description, update.text) not in demo_notes:
            continue  # a note somebody wrote since is theirs, and stays as written
        following = next(
            (m for m in meetings if m.board_id == meeting.board_id and m.starts_at > meeting.starts_at), None
        )
        held = meeting.starts_at.astimezone(tz).date()
        day = following.starts_at.astimezone(tz).date() if following else held + timedelta(days=14)
        day = min(day, latest)
        if day < held:
            continue  # an action from a meeting still to come has no notes to date
        written = datetime.combine(day, time(10), tzinfo=tz).astimezone(ZoneInfo("UTC"))
        if update.created_at is not None and update.created_at.astimezone(ZoneInfo("UTC")) <= written:
            continue  # already dated (a re-load) or written earlier
        changed += change(session, ACTOR, update, {"created_at": written}, note="dated as the demo's papers tell it")
    return changed


def load_demo(session: Session, today: date, tz: ZoneInfo) -> LoadReport:
    """The demo partnership as `forum demo` loads it: moved to `today`, its notes dated."""
    data = demo_partnership(today)
    report = load(session, data, ACTOR, tz)
    date_progress_notes(session, data, today, tz)
    return report
