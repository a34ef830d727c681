"""storage/changes.py: the number that says whether anything was committed, on both databases."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import SQLModel, select

import storage.tables  # noqa: F401  (registers every table)
from storage.changes import UNWATCHED, Changes, changes_for
from storage.db import make_engine, read_only, transaction
from storage.tables import Organisation
from storage.types import utcnow


def test_the_number_moves_on_any_writers_commit_and_not_on_reads_or_rollbacks(engine):
    changes = Changes(engine)
    other = make_engine(engine.url.render_as_string(hide_password=False))
    try:
        before = changes()
        assert before is not None
        with read_only(other) as session:
            session.exec(select(Organisation)).all()
        assert changes() == before  # a read changes nothing
        try:
            with transaction(other) as session:
                session.add(Organisation(name="Rolled Back Trust"))
                session.flush()
                raise RuntimeError("undo")
        except RuntimeError:
            pass
        assert changes() == before  # PostgreSQL: the counter's bump rolled back with the row
        with transaction(other) as session:
            session.add(Organisation(name="Luton Borough Council"))
        after = changes()
        assert after is not None and after != before
        with other.begin() as connection:  # plain SQL, as psql or another tool would write
            connection.execute(text("UPDATE organisation SET sector = 'statutory'"))
        assert changes() not in (before, after)
    finally:
        other.dispose()


def test_one_signal_per_engine(engine):
    assert changes_for(engine) is changes_for(engine)


def test_each_thread_reads_the_same_number(engine):
    import threading

    changes = Changes(engine)
    seen: list[int | None] = []
    threads = [threading.Thread(target=lambda: seen.append(changes())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(seen)) == 1 and seen[0] == changes()


def test_an_in_memory_database_has_no_signal():
    engine = make_engine("sqlite://")
    assert changes_for(engine).exact is False and changes_for(engine)() is None


def _watched(engine) -> set[str]:
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.execute(
                text(
                    "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'forum_count_change_%'"
                )
            ).all()
            kinds: dict[str, set[str]] = {}
            for table, name in rows:
                kinds.setdefault(table, set()).add(name.rsplit("_", 1)[1])
            return {table for table, seen in kinds.items() if seen == {"insert", "update", "delete"}}
        return set(
            connection.execute(
                text("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = :name"),
                {"name": "forum_count_change"},
            ).scalars()
        )


def test_every_table_but_the_unwatched_moves_the_number(engine):
    """A table added later without its triggers (storage/migrations/versions/0010_change_counter.py),
    or copied by SQLite's batch mode, would leave answers kept after its rows changed: this fails
    until the triggers are added."""
    tables = {table.name for table in SQLModel.metadata.sorted_tables}
    assert _watched(engine) == tables - set(UNWATCHED)
    changes = Changes(engine)
    before = changes()
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO scheduler_mark (name, at) VALUES ('sweep', :at)"), {"at": utcnow()})
    assert changes() == before  # when the sweep last ran: no answer depends on it


def test_on_postgresql_a_kept_connection_the_server_dropped_is_replaced(postgres_engine):
    changes = Changes(postgres_engine)
    before = changes()
    pid = changes._local.postgres.driver_connection.info.backend_pid  # the connection it keeps
    with postgres_engine.begin() as connection:  # as a server restart would end it
        assert connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    assert changes() == before  # read again on a new connection, not "unavailable"
