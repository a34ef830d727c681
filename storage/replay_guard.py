"""Keys seen once, shared by every bot process on the database (table `replay_guard`, issue 13).

"First time?" is one INSERT on the key (the primary key): it fails when a live row holds the key,
which is how a restarted bot, or a second bot process, learns that a request was already acted on.
A row whose time has run out is taken over by the same statement, and such rows are deleted now and
then (`prune`), so the table holds only what can still come back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Table, delete, select
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from storage.tables import ReplayGuard

KEY_LENGTH = 200
_TABLE: Table = ReplayGuard.__table__  # type: ignore[attr-defined]


def first_time(connection: Connection, key: str, now: datetime, until: datetime) -> bool:
    """True if `key` was not held by a live row (and now is, until `until`); False if it was."""
    insert = postgres_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = (
        insert(_TABLE)
        .values(key=key[:KEY_LENGTH], expires_at=until)
        .on_conflict_do_update(
            index_elements=[_TABLE.c.key], set_={"expires_at": until}, where=_TABLE.c.expires_at <= now
        )
        .returning(_TABLE.c.key)  # a row back if it was inserted or taken over (rowcount is not reliable here)
    )
    return connection.execute(statement).first() is not None


def held(connection: Connection, key: str, now: datetime) -> bool:
    """Whether a live row holds `key`."""
    found = connection.execute(
        select(_TABLE.c.key).where(_TABLE.c.key == key[:KEY_LENGTH], _TABLE.c.expires_at > now)
    ).first()
    return found is not None


def prune(connection: Connection, now: datetime) -> int:
    """Delete the rows whose time has run out; how many went."""
    return connection.execute(delete(_TABLE).where(_TABLE.c.expires_at <= now)).rowcount
