"""Reminders about consultation responses: the response owner (DM) and the board's channel before
the closing date, until the response is marked submitted; the chair the day after a missed one.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam
from sqlmodel import col, select

from commands.core import notify
from commands.core.formatting import long_date, relative_days
from commands.reminder_engine.rules import Due, Partnership, channel_target, channel_words, person_target
from commands.reminder_engine.times import nudge_days, send_at
from storage.meetings import local_day_bounds
from storage.tables import Board, Consultation, Person

STATUS_WORDS = {
    "not_started": "not started",
    "drafting": "being drafted",
    "circulated": "circulated for comment",
    "signed_off": "signed off, not yet sent",
    "submitted": "submitted",
}

_OPEN = (
    select(Consultation)
    .where(  # built once: a sweep runs every minute
        col(Consultation.closes) >= bindparam("low"),
        col(Consultation.closes) <= bindparam("high"),
        col(Consultation.response_status) != "submitted",
        col(Consultation.archived_at).is_(None),
    )
    .order_by(col(Consultation.closes), col(Consultation.id))
)


def dues(p: Partnership) -> list[Due]:
    first, last = p.start.astimezone(p.tz).date(), p.end.astimezone(p.tz).date()
    before = max([max(s.consultation_days, default=0) for s in p.reminder_settings.values()] + [0])
    after = max([s.consultation_missed_days or 0 for s in p.reminder_settings.values()] + [0])
    consultations = p.session.exec(
        _OPEN, params={"low": first - timedelta(days=after + 3), "high": last + timedelta(days=before + 3)}
    ).all()
    owners = p.people(c.response_owner_id for c in consultations)
    found: list[Due] = []
    for consultation in consultations:
        board = p.boards.get(consultation.board_id) if consultation.board_id else p.forum
        owner = owners.get(consultation.response_owner_id) if consultation.response_owner_id else None
        found += _for(p, board or p.forum, consultation, owner)
    return found


def _view(
    p: Partnership, consultation: Consultation, owner: Person | None, board: Board | None, due_at: datetime
) -> dict[str, Any]:
    closes = consultation.closes
    assert closes is not None  # only consultations with a closing date are read here
    return {
        "ref": consultation.ref,
        "title": consultation.title,
        "issuer": consultation.issuer,
        "url": consultation.url,
        "closes": long_date(closes),
        "when": relative_days(closes, p.today(due_at)),
        "owner": owner.name if owner else (consultation.response_owner_text or "nobody yet"),
        "status": STATUS_WORDS.get(consultation.response_status, consultation.response_status),
        "board": board.name if board else None,
    }


def _for(p: Partnership, board: Board | None, consultation: Consultation, owner: Person | None) -> list[Due]:
    s = p.settings_for(board)
    closes = consultation.closes
    assert closes is not None
    closed_at = local_day_bounds(closes, p.tz)[1]  # the end of the closing day
    found = []
    for days, day in nudge_days(closes, s.consultation_days, region=p.region):
        due_at = send_at(day, s.hour, p.tz, region=p.region)
        if not p.in_window(due_at) or due_at >= closed_at:
            continue
        occasion = f"consultation:{consultation.id}:{closes.isoformat()}:{days}d"
        view = _view(p, consultation, owner, board, due_at)
        summary = f"Response to “{consultation.title[:80]}” due {view['when']} ({view['closes']})"
        if owner is not None and owner.archived_at is None and notify.hears(owner, "consultation_owner", board, days):
            found.append(
                Due(
                    "consultation_owner",
                    person_target(owner),
                    occasion,
                    due_at,
                    owner.name,
                    summary,
                    "reminder_consultation",
                    {"consultation": view, "to_owner": True},
                    expires_at=closed_at,
                )
            )
        if board is not None:
            found.append(
                Due(
                    "consultation_channel",
                    channel_target(board),
                    occasion,
                    due_at,
                    channel_words(board),
                    summary,
                    "reminder_consultation",
                    {"consultation": view, "to_owner": False},
                    expires_at=closed_at,
                )
            )
    if s.consultation_missed_days is not None:
        due_at = send_at(
            closes + timedelta(days=max(s.consultation_missed_days, 1)), s.hour, p.tz, move="later", region=p.region
        )
        chair = p.chair_of(board)
        if p.in_window(due_at) and chair is not None and notify.hears(chair, "consultation_missed", board):
            view = _view(p, consultation, owner, board, due_at)
            found.append(
                Due(
                    "consultation_missed",
                    person_target(chair),
                    f"consultation:{consultation.id}:{closes.isoformat()}",
                    due_at,
                    chair.name,
                    f"Missed deadline: “{consultation.title[:80]}” closed {view['closes']}",
                    "reminder_consultation_missed",
                    {"consultation": view},
                )
            )
    return found
