"""The delivery log: claiming a reminder before it is sent, and recording what Slack said.

A claim is an INSERT that does nothing when (kind, target, occasion) already exists, so of any
number of sweeps (a restarted bot, two bot processes) exactly one gets each reminder. A claim
carries a lease: if its holder dies before recording the result, the reminder can be claimed
again once the lease has run out. These rows are bookkeeping about messages, not partnership
records, so they are their own log and do not go through storage.writes' audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Update, bindparam, func, literal, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from storage.tables import Delivery, DeliveryAttempt, SchedulerMark
from storage.types import UTCDateTime

OPEN = ("sending", "retry")  # not finished: a later sweep may still send it
FINISHED = ("sent", "failed", "skipped")
LAST_SWEEP = "last_sweep"


def _changed(session: Session, statement: Update) -> int:
    """How many rows an UPDATE changed."""
    result: CursorResult[Any] = session.execute(statement)  # type: ignore[assignment]  # an UPDATE's result is a cursor's
    return int(result.rowcount)


def _stored(row_id: int | None) -> int:
    """A stored row's id (None only before it is saved)."""
    if row_id is None:
        raise ValueError("a delivery read from the database has an id")
    return row_id


def claim(
    session: Session,
    *,
    kind: str,
    target: str,
    occasion: str,
    recipient: str,
    summary: str,
    due_at: datetime,
    now: datetime,
    worker: str,
    status: str = "sending",
    lease: timedelta = timedelta(minutes=10),
    error: str | None = None,
    next_attempt_at: datetime | None = None,
) -> int | None:
    """Insert the delivery; its id if this caller now holds it, None if it was already there."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    finished = status in FINISHED
    statement = (
        dialect.insert(Delivery)
        .values(
            kind=kind,
            target=target,
            occasion=occasion,
            recipient=recipient[:200],
            summary=summary,
            due_at=due_at,
            status=status,
            claimed_at=now,
            claimed_by=worker[:100],
            attempts=0,
            error=error,
            lease_until=None if finished else now + lease,
            finished_at=now if finished else None,
            next_attempt_at=next_attempt_at,
        )
        .on_conflict_do_nothing(index_elements=["kind", "target", "occasion"])
        .returning(Delivery.id)
    )
    return session.execute(statement).scalar_one_or_none()


def reclaim(
    session: Session, delivery_id: int, *, now: datetime, worker: str, lease: timedelta = timedelta(minutes=10)
) -> bool:
    """Take over a delivery waiting to be retried, or one whose holder's lease ran out.

    The condition is in the UPDATE itself, so two sweeps racing for it cannot both win.
    """
    statement = (
        update(Delivery)
        .where(
            col(Delivery.id) == delivery_id,
            or_(
                (col(Delivery.status) == "retry") & (col(Delivery.next_attempt_at) <= now),
                (col(Delivery.status) == "sending") & (col(Delivery.lease_until) < now),
            ),
        )
        .values(status="sending", claimed_by=worker[:100], lease_until=now + lease)
    )
    return _changed(session, statement) == 1


def postpone(session: Session, delivery_id: int, until: datetime) -> None:
    """A retry that would fall outside working hours waits for them."""
    session.execute(update(Delivery).where(col(Delivery.id) == delivery_id).values(next_attempt_at=until))


def finish(
    session: Session,
    delivery_id: int,
    *,
    status: str,
    now: datetime,
    error: str | None = None,
    channel: str | None = None,
    message_ts: str | None = None,
    next_attempt_at: datetime | None = None,
    attempts: list[DeliveryAttempt] | None = None,
) -> None:
    """Record how a delivery ended (or that it waits for a retry), with the calls it took."""
    tries = len(attempts or [])
    values = {
        "status": status,
        "error": error,
        "next_attempt_at": next_attempt_at,
        "lease_until": None,
        "attempts": Delivery.attempts + tries,
        "finished_at": now if status in FINISHED else None,
    }
    if channel:
        values["channel"] = channel
    if message_ts:
        values["message_ts"] = message_ts
    session.execute(update(Delivery).where(col(Delivery.id) == delivery_id).values(**values))
    for attempt in attempts or []:
        attempt.delivery_id = delivery_id
        session.add(attempt)


def may_have_posted(session: Session, delivery_id: int) -> bool:
    """Whether an earlier post of this delivery failed in a way Slack may have acted on anyway
    (it timed out or Slack answered 5xx), so the channel should be searched before posting again."""
    return (
        session.exec(
            select(DeliveryAttempt.id)
            .where(
                col(DeliveryAttempt.delivery_id) == delivery_id,
                col(DeliveryAttempt.result).in_(("timeout", "server_error")),
                col(DeliveryAttempt.error).startswith("chat.postMessage"),
            )
            .limit(1)
        ).first()
        is not None
    )


@dataclass(frozen=True)
class Claim:
    """What a sweep needs to know of an existing delivery (a plain copy, usable after the session)."""

    id: int
    due_at: datetime
    claimed_at: datetime
    status: str
    claimed_by: str
    lease_until: datetime | None
    next_attempt_at: datetime | None
    attempts: int
    error: str | None


# Built once (every sweep asks), and read as plain columns: no ORM object for each of the day's deliveries.
# The key first, then the rest in the order of Claim's fields.
_IN_WINDOW = sa_select(
    col(Delivery.kind),
    col(Delivery.target),
    col(Delivery.occasion),
    col(Delivery.id),
    col(Delivery.due_at),
    col(Delivery.claimed_at),
    col(Delivery.status),
    col(Delivery.claimed_by),
    col(Delivery.lease_until),
    col(Delivery.next_attempt_at),
    col(Delivery.attempts),
    col(Delivery.error),
).where(or_(col(Delivery.due_at) >= bindparam("start"), col(Delivery.status).in_(OPEN)))


def in_window(session: Session, start: datetime) -> dict[tuple[str, str, str], Claim]:
    """Deliveries due since `start`, by key (what a sweep must not claim again), and any still
    unfinished from before it."""
    rows = session.connection().execute(_IN_WINDOW, {"start": start}).all()
    return {(kind, target, occasion): Claim(*rest) for kind, target, occasion, *rest in rows}


def give_up_before(session: Session, start: datetime, now: datetime) -> int:
    """Retries still pending for reminders older than the catch-up window: failed, for good."""
    statement = (
        update(Delivery)
        .where(
            col(Delivery.status).in_(OPEN),
            col(Delivery.due_at) < start,
            or_(col(Delivery.status) == "retry", col(Delivery.lease_until) < now),
        )
        .values(
            status="failed",
            finished_at=now,
            lease_until=None,
            next_attempt_at=None,
            error=func.coalesce(Delivery.error, "") + " (gave up: past the grace period)",
        )
    )
    return _changed(session, statement)


_LAST_SWEEP = select(col(SchedulerMark.at)).where(col(SchedulerMark.name) == LAST_SWEEP)


def last_sweep(session: Session) -> datetime | None:
    return session.exec(_LAST_SWEEP).first()


def mark_swept(session: Session, now: datetime) -> None:
    """Move the last-sweep mark forward (never back: a time-travelling preview must not rewind it)."""
    dialect = session.get_bind().dialect.name
    insert = (postgresql if dialect == "postgresql" else sqlite).insert(SchedulerMark).values(name=LAST_SWEEP, at=now)
    later = literal(now, UTCDateTime())
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["name"],
            set_={
                "at": func.max(SchedulerMark.at, later)
                if dialect == "sqlite"
                else func.greatest(SchedulerMark.at, later)
            },
        )
    )


def log(
    session: Session, *, failed_only: bool = False, limit: int = 50, since: datetime | None = None
) -> list[tuple[Delivery, list[DeliveryAttempt]]]:
    """The newest deliveries first, each with its attempts in order."""
    statement = select(Delivery)
    if failed_only:
        statement = statement.where(col(Delivery.status).in_(("failed", "retry")))
    if since is not None:
        statement = statement.where(col(Delivery.claimed_at) >= since)
    rows = list(
        session.exec(statement.order_by(col(Delivery.claimed_at).desc(), col(Delivery.id).desc()).limit(limit)).all()
    )
    attempts: dict[int, list[DeliveryAttempt]] = {}
    if rows:
        for attempt in session.exec(
            select(DeliveryAttempt)
            .where(col(DeliveryAttempt.delivery_id).in_([r.id for r in rows]))
            .order_by(col(DeliveryAttempt.id))
        ).all():
            attempts.setdefault(attempt.delivery_id, []).append(attempt)
    return [(row, attempts.get(_stored(row.id), [])) for row in rows]
