"""The one way records are created and changed: compare, write what differs, audit it.

Every write in the bot goes through `upsert` or `change`, so every change has an audit event with
who, when, what, before and after, and saving the same values twice writes nothing at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, cast

from sqlmodel import Session, SQLModel, select

from storage.tables import AuditEvent, Tracked
from storage.types import utcnow

# Every record written here is an editable one: it has the version and timestamps `change` keeps.
T = TypeVar("T", bound=Tracked)

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
        for column in _table_columns(record)
        if column.name not in _BOOKKEEPING
    }


def _table_columns(record: SQLModel) -> Iterable[Any]:
    # SQLModel gives table classes `__table__` at run time without declaring it on its base class.
    columns: Iterable[Any] = cast(Any, record).__table__.columns
    return columns


def _id_of(record: SQLModel) -> int:
    # Every table here declares an integer id, which the flush before auditing has assigned;
    # SQLModel's base class does not declare it.
    record_id: int = cast(Any, record).id
    return record_id


def audit(
    session: Session,
    actor: str,
    verb: str,
    record: SQLModel,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    note: str | None = None,
    actor_person_id: int | None = None,
) -> None:
    session.add(
        AuditEvent(
            actor=actor[:100],
            actor_person_id=actor_person_id,
            entity=cast(str, record.__tablename__),  # always the table's name here, never a callable
            entity_id=_id_of(record),
            verb=verb,
            before=before,
            after=after,
            note=note,
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
    record.updated_at = utcnow()
    record.version = (record.version or 0) + 1
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
