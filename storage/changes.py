"""Whether anything was committed: a number that moves whenever any connection — this process's,
an import run from the command line, another bot process — commits a change to the partnership's
data. The answer cache keeps answers, and the reminder sweep skips working out what is due, for
as long as it stands still.

SQLite: `PRAGMA data_version`, read on a connection of our own that never writes (it moves when any
*other* connection commits). PostgreSQL: the `change_counter` row, bumped by a trigger on every
table before each statement that writes (migration 0010), so the new number becomes visible in the
same commit as the data — never before it (a reader that saw the number has seen the data too) —
and whatever writes, psql included, moves it. The triggers take the counter's row lock before a
statement's rows, so writers queue on it briefly and cannot deadlock over it.

Not watched: `replay_guard` (written by every request, and no answer depends on it) and
`scheduler_mark` (when the sweep last ran; it bounds a restarted bot's catch-up, nothing else).
The number is only ever compared for equality; None means "cannot tell", and the caller then
works everything out afresh.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from typing import Any

from sqlalchemy import Engine, text

from storage.db import unavailable

log = logging.getLogger(__name__)

COUNTER = "change_counter"
UNWATCHED = ("replay_guard", "scheduler_mark")


class Changes:
    """`changes()`: the database's change number now, or None if it cannot be read."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._lock = threading.Lock()
        self._sqlite: sqlite3.Connection | None = None
        database = engine.url.database
        self.exact = engine.dialect.name == "postgresql" or (
            engine.dialect.name == "sqlite" and bool(database) and database != ":memory:"
        )
        if engine.dialect.name == "sqlite" and self.exact:
            # autocommit, so each PRAGMA sees the latest commit rather than a transaction's snapshot. One
            # connection for all threads: per-thread ones would each start from their own number, and a
            # thread's first look could not tell whether anything changed before it.
            self._sqlite = sqlite3.connect(str(database), check_same_thread=False, isolation_level=None)

    def __call__(self) -> int | None:
        """Raises what the database raises when it is away (storage.db.unavailable): asking again,
        to work the answer out, would only wait as long again."""
        if not self.exact:
            return None
        try:
            if self._sqlite is not None:
                with self._lock:
                    version: int = self._sqlite.execute("PRAGMA data_version").fetchone()[0]
                    return version
            with self._engine.connect() as connection:
                found = connection.execute(text(f"SELECT n FROM {COUNTER} WHERE id = 1")).scalar()
                return int(found) if found is not None else None
        except Exception as error:  # an answer worked out afresh is never wrong
            if unavailable(error):
                raise
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
