"""Saving officers' forms: each saver checks what was entered, fills `errors` (field -> what is wrong)
or writes through storage.writes (audited) and says what it did."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from typing import Any

from sqlmodel import Session, select

from commands import corrections
from commands.core.action_changes import status_fields
from commands.core.context import Context
from commands.core.formatting import clock, long_date
from commands.core.people import caller_role
from commands.core.permissions import EDITORS
from commands.core.readings_due import contact_asked
from commands.core.reporting_periods import parse_period
from storage import boards as board_queries
from storage import meetings as meeting_queries
from storage.people import person_by_slack_id
from storage.tables import (
    Action,
    AgendaItem,
    Consultation,
    Indicator,
    IndicatorReading,
    Meeting,
    Paper,
    Person,
)
from storage.types import ActionStatus, MeetingStatus, ResponseStatus, utcnow
from storage.writes import change, create


def _text(
    values: dict[str, Any], key: str, limit: int, required: bool, errors: dict[str, str], label: str
) -> str | None:
    value: str = (values.get(key) or "").strip()
    if not value:
        if required:
            errors[key] = f"Give the {label}."
        return None
    if len(value) > limit:
        errors[key] = f"Keep it under {limit} characters."
    return value


def _day(values: dict[str, Any], key: str, errors: dict[str, str]) -> date | None:
    raw = values.get(key)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        errors[key] = "That isn't a date."
        return None


def _board_id(session: Session, values: dict[str, Any], errors: dict[str, str], required: bool = True) -> int | None:
    slug = values.get("board")
    board = board_queries.board_by_slug(session, slug) if slug else None
    if board is None and (slug or required):
        errors["board"] = "Choose a board."
    return board.id if board else None


def _person_id(session: Session, values: dict[str, Any], key: str, errors: dict[str, str]) -> int | None:
    slack_id = values.get(key)
    if not slack_id:
        return None
    person = person_by_slack_id(session, slack_id)
    if person is None:
        errors[key] = "They aren't in the partnership's records yet; an officer can add them."
        return None
    return person.id


def _meeting(
    session: Session, ctx: Context, meta: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
) -> str:
    board_id = _board_id(session, values, errors)
    day = _day(values, "date", errors)
    if day is None and "date" not in errors:
        errors["date"] = "Choose the day."
    try:
        hour, minute = (int(p) for p in (values.get("time") or "14:00").split(":"))
        clock_time = time(hour, minute)
    except ValueError:
        errors["time"] = "Choose the start time."
    venue = _text(values, "venue", 300, True, errors, "venue")
    address = _text(values, "address", 500, False, errors, "address")
    status = values.get("status") or MeetingStatus.scheduled.value
    reason = _text(values, "status_reason", 500, False, errors, "reason")
    if status not in set(MeetingStatus):
        errors["status"] = "Choose a status."
    elif status in (MeetingStatus.postponed, MeetingStatus.cancelled) and not reason:
        errors["status_reason"] = f"Say why it is {status}: members will see it."
    if errors:
        return ""
    assert day is not None and board_id is not None  # both required: missing, they are errors
    existing = session.get(Meeting, meta["id"]) if meta.get("id") else None
    starts = datetime.combine(day, clock_time, tzinfo=ctx.tz).astimezone(UTC)
    clash = meeting_queries.meeting_on(session, board_id, day, ctx.tz)
    if starts < ctx.now and (existing is None or existing.starts_at != starts):
        errors["date"] = "That is in the past: a meeting needs a day to come."
    elif clash is not None and (existing is None or clash.id != existing.id):
        errors["date"] = "This board already meets that day."
    elif existing is not None and existing.version != meta.get("version"):
        errors["venue"] = "Someone else changed this meeting while you had it open; nothing was saved. Open it again."
    if errors:
        return ""
    local = starts.astimezone(ctx.tz)
    fields: dict[str, Any] = {
        "board_id": board_id,
        "starts_at": starts,
        "venue": venue,
        "address": address,
        "status": status,
        "status_reason": reason,
    }
    if existing is None:
        create(session, ctx.user_id or "console", Meeting(**fields, source=f"slack:{ctx.user_id}"))
        return f":calendar: Meeting added: {long_date(local)} at {clock(local)}, {venue}."
    change(session, ctx.user_id or "console", existing, fields, note=reason)
    return f":calendar: Meeting saved: {long_date(local)} at {clock(local)}, {venue} ({status})."


def _agenda_item(
    session: Session, ctx: Context, meta: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
) -> str:
    meeting = session.get(Meeting, int(values.get("meeting") or 0)) if (values.get("meeting") or "").isdigit() else None
    if meeting is None:
        errors["meeting"] = "Choose the meeting."
    title = _text(values, "title", 500, True, errors, "title")
    number = _text(values, "number", 20, False, errors, "number")
    presenter_id = _person_id(session, values, "presenter", errors)
    purpose = values.get("purpose") or None
    if purpose not in (None, "information", "discussion", "decision"):
        errors["purpose"] = "Choose information, discussion or decision."
    url = _text(values, "paper_url", 1000, False, errors, "paper link")
    if url and not re.match(r"^https?://\S+$", url):
        errors["paper_url"] = "A paper link starts with https://"
    if errors:
        return ""
    assert meeting is not None and meeting.id is not None and title is not None  # missing, they are errors
    items = meeting_queries.agenda(session, meeting.id)
    number = number or str(len(items) + 1)
    if any(i.number == number for i in items):
        errors["number"] = f"Item {number} is already on that agenda."
        return ""
    item = create(
        session,
        ctx.user_id or "console",
        AgendaItem(
            meeting_id=meeting.id,
            number=number,
            position=len(items) + 1,
            title=title,
            presenter_id=presenter_id,
            presenter_text=values.get("presenter_text") or None,
            purpose=purpose,
            paper_kind=values.get("paper") or None,
            source=f"slack:{ctx.user_id}",
        ),
    )
    if url:
        assert item.id is not None  # create flushed it
        create(
            session,
            ctx.user_id or "console",
            Paper(agenda_item_id=item.id, title=title, url=url, kind=values.get("paper") or "report"),
        )
    return f"Item {number}, {title}, is on the agenda for {long_date(meeting.starts_at.astimezone(ctx.tz))}."


def _action(
    session: Session, ctx: Context, meta: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
) -> str:
    description = _text(values, "description", 1000, True, errors, "action")
    owner_id = _person_id(session, values, "owner", errors)
    due = _day(values, "due", errors)
    board_id = _board_id(session, values, errors, required=False)
    status = values.get("status") or ActionStatus.open.value
    if status not in set(ActionStatus):
        errors["status"] = "Choose a status."
    existing = session.get(Action, meta["id"]) if meta.get("id") else None
    if due and due < ctx.today and (existing is None or existing.due_date != due):
        errors["due"] = "That day has passed; give a due date from today on."
    if errors:
        return ""
    fields: dict[str, Any] = {"description": description, "owner_id": owner_id, "due_date": due, "board_id": board_id}
    fields |= status_fields(existing, ActionStatus(status), utcnow())  # done keeps its moment; reopened loses it
    if existing is None:
        action = create(session, ctx.user_id or "console", Action(**fields, source=f"slack:{ctx.user_id}"))
        return f":white_check_mark: Added {action.ref}: “{description}”" + (f", due {long_date(due)}" if due else "")
    if existing.version != meta.get("version"):
        errors["description"] = (
            "Someone else changed this action while you had it open; nothing was saved. "
            "Close the form and open it again to see their change."
        )[:150]
        return ""
    change(session, ctx.user_id or "console", existing, fields)
    return f"Saved {existing.ref}."


def _correction(
    session: Session, ctx: Context, meta: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
) -> str:
    """A corrective action for the red or amber indicator the form was opened on: an action like any
    other, written as `add correction` writes it, on the indicator's board."""
    indicator_id = meta.get("indicator")
    indicator = (
        session.get(Indicator, indicator_id)
        if isinstance(indicator_id, int) and not isinstance(indicator_id, bool) and 1 <= indicator_id <= 2**31 - 1
        else None
    )
    description = _text(values, "description", 1000, True, errors, "action")
    owner_id = _person_id(session, values, "owner", errors)
    if owner_id is None and "owner" not in errors:
        errors["owner"] = "Who will do it?"
    due = _day(values, "due", errors)
    if due and due < ctx.today:
        errors["due"] = "That day has passed; give a due date from today on."
    if indicator is None or indicator.archived_at is not None:
        errors["description"] = "That indicator is no longer recorded; nothing was saved."
    elif problem := corrections.uncorrectable(session, ctx, indicator):
        errors["description"] = problem
    if errors:
        return ""
    assert indicator is not None and owner_id is not None  # missing, they are errors
    owner = session.get(Person, owner_id)
    action = create(
        session,
        ctx.user_id or "console",
        Action(
            description=description or "",
            status=ActionStatus.open,
            owner_id=owner_id,
            organisation_id=owner.organisation_id if owner else None,
            due_date=due,
            board_id=indicator.board_id,
            indicator_id=indicator.id,
            source=f"slack:{ctx.user_id}",
        ),
    )
    return corrections.added(session, action, indicator)


def _consultation(
    session: Session, ctx: Context, meta: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
) -> str:
    existing = session.get(Consultation, meta["id"]) if meta.get("id") else None
    title = _text(values, "title", 500, True, errors, "title")
    issuer = _text(values, "issuer", 300, False, errors, "issuer")
    url = _text(values, "url", 1000, False, errors, "link")
    if url and not re.match(r"^https?://\S+$", url):
        errors["url"] = "A link starts with https://"
    closes = _day(values, "closes", errors)
    if closes is None and "closes" not in errors:
        errors["closes"] = "When do responses close?"
    elif closes and closes < ctx.today and (existing is None or existing.closes != closes):
        errors["closes"] = "That day has passed."
    owner_id = _person_id(session, values, "owner", errors)
    board_id = _board_id(session, values, errors, required=False)
    status = values.get("status") or (existing.response_status if existing else ResponseStatus.not_started.value)
    if status not in set(ResponseStatus):
        errors["status"] = "Choose where the response stands."
    same_title = session.exec(select(Consultation).where(Consultation.title == title)).first() if title else None
    if same_title is not None and (existing is None or same_title.id != existing.id):
        errors["title"] = "A consultation with this title is already recorded."
    if existing is not None and existing.version != meta.get("version"):
        errors["title"] = "Someone else changed this consultation while you had it open; nothing was saved."
    if errors:
        return ""
    assert closes is not None  # required: missing, it is an error
    fields: dict[str, Any] = {
        "title": title,
        "issuer": issuer,
        "url": url,
        "closes": closes,
        "response_owner_id": owner_id,
        "board_id": board_id,
        "response_status": status,
    }
    if existing is None:
        consultation = create(session, ctx.user_id or "console", Consultation(**fields, source=f"slack:{ctx.user_id}"))
        return f"Added {consultation.ref}: {title}, closing {long_date(closes)}."
    if status == ResponseStatus.submitted and existing.submitted_at is None:
        fields["submitted_at"] = ctx.now
    change(session, ctx.user_id or "console", existing, fields)
    return f"Saved {existing.ref}: {title} ({status.replace('_', ' ')})."


def _reading(
    session: Session, ctx: Context, meta: dict[str, Any], values: dict[str, Any], errors: dict[str, str]
) -> str:
    from commands.imports.load_partnership import normalise_indicator_code

    code = normalise_indicator_code(values.get("indicator") or "")
    indicator = session.exec(select(Indicator).where(Indicator.code == code)).first() if code else None
    if indicator is None:
        errors["indicator"] = "No indicator has that code (e.g. NI 15)."
    elif (
        (asked := contact_asked(session, ctx, meta)) is not None
        and asked.id != indicator.id
        and caller_role(session, ctx) not in EDITORS  # a contact enters their own indicator's readings
    ):
        errors["indicator"] = f"You were asked for {asked.code}'s reading; officers enter the others."
    read = parse_period(values.get("period") or "")
    if read is None:
        errors["period"] = "A period looks like 2009/10, 2009/10 Q3 or 2009/10 M01 (April)."
    elif read.first_day > ctx.today:
        errors["period"] = "That period hasn't started yet."
    try:
        value = float((values.get("value") or "").strip().rstrip("%"))
    except ValueError:
        errors["value"] = "Give a number, e.g. 0.74."
    if errors:
        return ""
    assert read is not None and indicator is not None and indicator.id is not None  # missing, they are errors
    period = read.name
    existing = session.exec(
        select(IndicatorReading).where(IndicatorReading.indicator_id == indicator.id, IndicatorReading.period == period)
    ).first()
    if existing:
        change(session, ctx.user_id or "console", existing, {"value": value})
    else:
        create(
            session,
            ctx.user_id or "console",
            IndicatorReading(indicator_id=indicator.id, period=period, value=value, source=f"slack:{ctx.user_id}"),
        )
    return f"{indicator.code}: {value:g} recorded for {period}."


SAVERS = {
    "meeting": _meeting,
    "agenda-item": _agenda_item,
    "action": _action,
    "correction": _correction,
    "consultation": _consultation,
    "reading": _reading,
}
