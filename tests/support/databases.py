"""Throwaway databases: SQLite files copied from one migrated template, PostgreSQL databases of our own.

Running the Alembic migrations costs far more than copying their result, so each test run migrates one
SQLite template and every test gets a copy of that file; PostgreSQL gets one migrated database per run
(per worker), emptied between tests.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlmodel import SQLModel

from storage.db import make_engine, upgrade

POSTGRES_ADMIN_URL = os.environ.get("FORUM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = os.environ.get("FORUM_REQUIRE_POSTGRES") == "1"

_template: Path | None = None


def migrated_sqlite_file(path: Path) -> Path:
    """`path`, a SQLite database at the newest migration (a copy of the run's migrated template)."""
    global _template
    if _template is None:
        folder = Path(tempfile.mkdtemp(prefix="forum-template-"))
        template = folder / "template.db"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        with engine.connect() as connection:  # fold the WAL into the file, so the file alone is the database
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _template = template
    shutil.copyfile(_template, path)
    return path


def sqlite_engine_at(path: Path) -> Engine:
    """A migrated, empty SQLite database at `path`."""
    return make_engine(f"sqlite:///{migrated_sqlite_file(path)}")


def postgres_admin() -> Engine:
    engine = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "no server here"
        engine.dispose()
        reason = f"no PostgreSQL server reachable at {POSTGRES_ADMIN_URL} ({type(error).__name__})"
        if REQUIRE_POSTGRES:
            pytest.fail(reason + "; FORUM_REQUIRE_POSTGRES=1 demands one", pytrace=False)
        pytest.skip(reason + "; set FORUM_TEST_POSTGRES_URL to run these on PostgreSQL")
    return engine


@contextmanager
def throwaway_postgres(prefix: str = "forum_test") -> Iterator[str]:
    """The URL of a new PostgreSQL database of our own, dropped when the block ends."""
    admin = postgres_admin()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _sequences(connection) -> list[str]:
    return list(
        connection.execute(
            text("SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public'")
        ).scalars()
    )


def empty_tables(engine: Engine) -> None:
    """Every table emptied and every id counting from 1 again. DELETE, children first: on tables this
    small it takes a sixth of the time TRUNCATE does (which works file by file)."""
    with engine.begin() as connection:
        for table in reversed(SQLModel.metadata.sorted_tables):
            connection.execute(table.delete())
        for sequence in _sequences(connection):
            connection.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))


def _columns(connection, table: str) -> str:
    """The table's columns a row can be written into (not PostgreSQL's generated ones)."""
    names = connection.execute(
        text(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
            "AND table_name = :table AND is_generated = 'NEVER' ORDER BY ordinal_position"
        ),
        {"table": table},
    ).scalars()
    return ", ".join(f'"{name}"' for name in names)


def _snapshot(engine: Engine, schema: str) -> None:
    """The database's rows, and where its ids have got to, kept in a schema of their own."""
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        for table in SQLModel.metadata.sorted_tables:
            columns = _columns(connection, table.name)
            connection.execute(
                text(f'CREATE TABLE "{schema}"."{table.name}" AS SELECT {columns} FROM public."{table.name}"')
            )
        connection.execute(text(f'CREATE TABLE "{schema}"._sequences (name text, value bigint, called boolean)'))
        for sequence in _sequences(connection):
            connection.execute(
                text(f'INSERT INTO "{schema}"._sequences SELECT :name, last_value, is_called FROM public."{sequence}"'),
                {"name": sequence},
            )


def _restore(engine: Engine, schema: str) -> None:
    """Back to the snapshot: emptied, its rows written back parents first, its ids where they were."""
    empty_tables(engine)
    with engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            columns = _columns(connection, table.name)
            connection.execute(
                text(f'INSERT INTO public."{table.name}" ({columns}) SELECT {columns} FROM "{schema}"."{table.name}"')
            )
        for name, value, called in connection.execute(text(f'SELECT * FROM "{schema}"._sequences')).all():
            connection.execute(
                text("SELECT setval(:name, :value, :called)"), {"name": name, "value": value, "called": called}
            )


# --- databases loaded once and copied for each test ------------------------------------------------
#
# Loading the demo partnership through the audited loader takes seconds; copying its result takes
# milliseconds. Each test still gets a database of its own, which it may change as it likes.

_sqlite_loaded: dict[str, Path] = {}


def loaded_sqlite_copy(key: str, load: Callable[[Engine], None], path: Path) -> Engine:
    """A SQLite database at `path` holding what `load` writes into an empty one (done once per key)."""
    if key not in _sqlite_loaded:
        template = Path(tempfile.mkdtemp(prefix="forum-loaded-")) / "loaded.db"
        engine = sqlite_engine_at(template)
        load(engine)
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        engine.dispose()
        _sqlite_loaded[key] = template
    shutil.copyfile(_sqlite_loaded[key], path)
    return make_engine(f"sqlite:///{path}")


_postgres_snapshots: set[tuple[str, str]] = set()  # (database URL, key) snapshots taken


def loaded_postgres(key: str, load: Callable[[Engine], None], engine: Engine) -> Engine:
    """`engine` (the run's PostgreSQL database) holding what `load` writes into an empty one: loaded
    once per key and kept as a snapshot in a schema of the same database, then written back for
    each test (a few hundredths of a second, where loading takes tenths or seconds)."""
    schema = "loaded_" + hashlib.sha256(key.encode()).hexdigest()[:12]
    mark = (engine.url.render_as_string(hide_password=False), key)
    if mark not in _postgres_snapshots:
        empty_tables(engine)
        load(engine)
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        _snapshot(engine, schema)
        _postgres_snapshots.add(mark)
    else:
        _restore(engine, schema)
    return engine  # the snapshots live in the run's own database and are dropped with it
