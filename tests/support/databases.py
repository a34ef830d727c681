"""Throwaway databases: SQLite files copied from one migrated template, PostgreSQL databases of our own.

Running the Alembic migrations costs far more than copying their result, so each test run migrates one
SQLite template and every test gets a copy of that file; PostgreSQL gets one migrated database per run
(per worker), emptied between tests.
"""

from __future__ import annotations

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


def empty_tables(engine: Engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


# --- databases loaded once and copied for each test ------------------------------------------------
#
# Loading the demo partnership through the audited loader takes seconds; copying its result takes
# milliseconds. Each test still gets a database of its own, which it may change as it likes.

_sqlite_loaded: dict[str, Path] = {}
_postgres_loaded: dict[str, str] = {}  # key → the template database's name


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


@contextmanager
def loaded_postgres_copy(key: str, load: Callable[[Engine], None]) -> Iterator[Engine]:
    """A PostgreSQL database of its own holding what `load` writes into an empty one: a copy
    (CREATE DATABASE … TEMPLATE) of one loaded once per key, dropped when the block ends."""
    admin = postgres_admin()
    try:
        if key not in _postgres_loaded:
            name = f"forum_loaded_{uuid.uuid4().hex[:12]}"
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            engine = make_engine(admin.url.set(database=name).render_as_string(hide_password=False))
            upgrade(engine)
            load(engine)
            engine.dispose()  # a template must have no connections when it is copied
            _postgres_loaded[key] = name
        copy = f"forum_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{copy}" TEMPLATE "{_postgres_loaded[key]}"'))
        engine = make_engine(admin.url.set(database=copy).render_as_string(hide_password=False))
        try:
            yield engine
        finally:
            engine.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)'))
    finally:
        admin.dispose()


def drop_loaded_templates() -> None:
    """At the end of the run: the PostgreSQL templates (the SQLite ones are files in the temp folder)."""
    if not _postgres_loaded:
        return
    admin = postgres_admin()
    with admin.connect() as connection:
        for name in _postgres_loaded.values():
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
    _postgres_loaded.clear()
