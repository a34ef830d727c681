"""The one way records are created and changed: compare, write what differs, audit it.

Every write in the bot goes through `upsert` or `change`, so every change has an audit event with
who, when, what, before and after, and saving the same values twice writes nothing at all.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar

from sqlmodel import Session, SQLModel, select

from storage.tables import AuditEvent
from storage.types import utcnow

T = TypeVar("T", bound=SQLModel)

# Bookkeeping columns: they change on every save, so they are not "what changed".
_BOOKKEEPING = {"created_at", "updated_at", "version"}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def snapshot(record: SQLModel) -> dict[str, Any]:
    """The record's columns as JSON-ready values, bookkeeping left out."""
    return {
        column.name: _plain(getattr(record, column.name))
        for column in record.__table__.columns  # type: ignore[attr-defined]
        if column.name not in _BOOKKEEPING
    }


def audit(
    session: Session,
    actor: str,
    verb: str,
    record: SQLModel,
    before: dict | None,
    after: dict | None,
    note: str | None = None,
    actor_person_id: int | None = None,
) -> None:
    session.add(
        AuditEvent(
            actor=actor[:100],
            actor_person_id=actor_person_id,
            entity=record.__tablename__,  # type: ignore[attr-defined]
            entity_id=record.id,
            verb=verb,
            before=before,
            after=after,
            note=note,  # type: ignore[attr-defined]
        )
    )


def create(session: Session, actor: str, record: T, note: str | None = None) -> T:
    session.add(record)
    session.flush()  # assigns the id the audit event points at
    audit(session, actor, "create", record, None, snapshot(record), note)
    return record


def change(
    session: Session, actor: str, record: T, values: dict[str, Any], note: str | None = None, verb: str = "update"
) -> bool:
    """Set `values` on `record`; audit and bump its version only if something really differs."""
    differing = {key: value for key, value in values.items() if getattr(record, key) != value}
    if not differing:
        return False
    before = {key: _plain(getattr(record, key)) for key in differing}
    for key, value in differing.items():
        setattr(record, key, value)
    record.updated_at = utcnow()  # type: ignore[attr-defined]
    record.version = (record.version or 0) + 1  # type: ignore[attr-defined]
    session.add(record)
    session.flush()
    audit(session, actor, verb, record, before, {key: _plain(v) for key, v in differing.items()}, note)
    return True


def upsert(session: Session, actor: str, model: type[T], key: dict[str, Any], values: dict[str, Any]) -> tuple[T, bool]:
    """Find the record of `model` matching `key` and bring it to `values`, or create it.

    Returns the record and whether anything was written.
    """
    statement = select(model)
    for column, value in key.items():
        statement = statement.where(getattr(model, column) == value)
    existing = session.exec(statement).first()
    if existing is None:
        return create(session, actor, model(**{**key, **values})), True
    return existing, change(session, actor, existing, values)
