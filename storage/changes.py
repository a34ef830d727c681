"""Whether anything was committed: a number that moves whenever any connection — this process's,
an import run from the command line, another bot process — commits a change to the partnership's
data. The answer cache keeps answers, and the reminder sweep skips working out what is due, for
as long as it stands still.

The number is the `change_counter` row, bumped by triggers on every table (migration 0010) in the
same transaction as the write, so it becomes visible in the same commit as the data — never before
it (a reader that saw the number has seen the data too) — and whatever writes, psql or the sqlite3
shell included, moves it. PostgreSQL: a trigger before each writing statement; it takes the
counter's row lock before a statement's rows, so writers queue on it briefly and cannot deadlock
over it. SQLite (row triggers only): each row written; writers there queue on the database anyway.
Read on SQLite by a connection of each thread's own (no lock to queue on, no pool to check out).

Not watched: `replay_guard` (written by every request, and no answer depends on it) and
`scheduler_mark` (when the sweep last ran; it bounds a restarted bot's catch-up, nothing else).
The number is only ever compared for equality; None means "cannot tell", and the caller then
works everything out afresh.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
import weakref
from typing import Any

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.exc import OperationalError

from storage.db import postgres_connect_args, unavailable

log = logging.getLogger(__name__)

COUNTER = "change_counter"
UNWATCHED = ("replay_guard", "scheduler_mark")
_READ = f"SELECT n FROM {COUNTER} WHERE id = 1"


class Changes:
    """`changes()`: the database's change number now, or None if it cannot be read."""

    def __init__(self, engine: Engine):
        self._engine = engine
        database = engine.url.database
        self.exact = engine.dialect.name == "postgresql" or (
            engine.dialect.name == "sqlite" and bool(database) and database != ":memory:"
        )
        self._sqlite = str(database) if engine.dialect.name == "sqlite" and self.exact else None
        self._local = threading.local()  # this thread's SQLite connection
        self._said = False  # whether a failure to read the number was logged
        # PostgreSQL, read with no connection at hand: connections of its own, without the bot's
        # ping before each use (a request would pay a round trip for it); one found dead is
        # replaced and the read tried once more.
        self._reader: Engine | None = None
        if engine.dialect.name == "postgresql":
            self._reader = create_engine(
                engine.url,
                pool_size=4,
                max_overflow=8,
                pool_pre_ping=False,
                connect_args=postgres_connect_args(engine.url),
            )

    def _read_sqlite(self, path: str) -> int | None:
        """The counter, read again only when this thread's connection says another committed since
        it last read it (`PRAGMA data_version`, cheaper than a query: no read transaction)."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:  # autocommit: each read sees the latest commit, not a snapshot
            connection = self._local.connection = sqlite3.connect(path, isolation_level=None, timeout=15)
            self._local.seen = None
        seen = connection.execute("PRAGMA data_version").fetchone()[0]
        if seen != self._local.seen:
            row = connection.execute(_READ).fetchone()
            self._local.count = int(row[0]) if row is not None else None
            self._local.seen = seen
        count: int | None = self._local.count
        return count

    def _read_postgres(self) -> Any:
        """On a connection of this thread's own, kept: one round trip a read. One found dead
        (the server restarted) is replaced and the read tried once more."""
        assert self._reader is not None
        for attempt in (1, 2):
            kept = getattr(self._local, "postgres", None)
            if kept is None:
                kept = self._local.postgres = self._reader.raw_connection()
            try:
                cursor = kept.cursor()
                try:
                    cursor.execute(_READ)
                    row = cursor.fetchone()
                finally:
                    cursor.close()
                return row[0] if row is not None else None
            except Exception:
                self._local.postgres = None
                with contextlib.suppress(Exception):  # already gone
                    kept.invalidate()
                if attempt == 2:
                    raise
        return None

    def _driver_away(self, error: Exception) -> bool:
        """The driver's own "cannot reach the server" (a kept connection's error is not SQLAlchemy's)."""
        dbapi = self._reader.dialect.dbapi if self._reader is not None else None
        return dbapi is not None and isinstance(error, dbapi.OperationalError)

    def __call__(self, connection: Connection | None = None) -> int | None:
        """Raises what the database raises when it is away (storage.db.unavailable): asking again,
        to work the answer out, would only wait as long again. `connection`: on PostgreSQL, one the
        caller holds already (no second one taken from the pool)."""
        if not self.exact:
            return None
        try:
            if self._sqlite is not None:
                return self._read_sqlite(self._sqlite)
            if connection is not None:
                found = connection.exec_driver_sql(_READ).scalar()
            else:
                found = self._read_postgres()
            return int(found) if found is not None else None
        except Exception as error:  # an answer worked out afresh is never wrong
            if self._driver_away(error):  # said as SQLAlchemy says it (storage.db.unavailable)
                raise OperationalError(_READ, None, error) from error
            if unavailable(error):
                raise
            if not self._said:  # once, not at every request
                self._said = True
                log.warning("could not read whether the database changed; working answers out afresh", exc_info=True)
            return None


_BY_ENGINE: weakref.WeakKeyDictionary[Engine, Changes] = weakref.WeakKeyDictionary()
_BY_ENGINE_LOCK = threading.Lock()


def changes_for(engine: Engine) -> Changes:
    """The one change signal of `engine` (one SQLite connection of its own, however many ask)."""
    with _BY_ENGINE_LOCK:
        found = _BY_ENGINE.get(engine)
        if found is None:
            found = _BY_ENGINE[engine] = Changes(engine)
        return found


def not_declared(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
    """Alembic's include_object: what migrations make in each database's own terms and no table in
    storage/tables.py declares (the change counter; the full-text index, storage/search.py)."""
    from storage.search import not_declared as search_index

    if type_ == "table" and name == COUNTER:
        return False
    return search_index(obj, name, type_, reflected, compare_to)
