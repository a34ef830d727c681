"""Engine, sessions and migrations.

SQLite (the default, embedded) runs in WAL mode with a busy timeout so the threaded HTTP server's
readers never block its one writer for long; PostgreSQL goes through psycopg 3.

PostgreSQL can go away (a restart, a network fault). Slack waits 3 seconds for an answer, so
reaching the database must fail within that time, for the command to say "try again in a minute"
instead of Slack saying the app did not respond: connecting gives up after CONNECT_TIMEOUT
(without it psycopg waits about two minutes on a host that drops packets), waiting for a pooled
connection after POOL_TIMEOUT, and pooled connections are pinged before use, so ones that died
during an outage are replaced, not handed out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from sqlalchemy import URL, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlmodel import Session, col, select

if TYPE_CHECKING:
    from alembic.config import Config

import storage.search  # noqa: F401  (its flush hook keeps the search index in step with every write)

MIGRATIONS = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT = 2  # seconds; libpq's smallest, and leaves room within Slack's 3
POOL_TIMEOUT = 2  # seconds; the pool (20) outnumbers the server's threads, so this is only a backstop


class _Identified(Protocol):
    """A table whose rows have an integer id (every table `by_id` is asked about)."""

    id: int | None


_Row = TypeVar("_Row", bound=_Identified)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: object) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        pool_timeout=POOL_TIMEOUT,
        connect_args=postgres_connect_args(url),
    )


def postgres_connect_args(url: str | URL) -> dict[str, Any]:
    """A setting given in DATABASE_URL's query is the operator's choice, and wins. Keepalives and a
    TCP user timeout: a connection whose server vanished without a word (a network cut drops packets
    rather than refusing them) is found dead in seconds, not after the kernel's many minutes."""
    defaults = {
        "connect_timeout": CONNECT_TIMEOUT,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 5,
        "keepalives_count": 3,
        "tcp_user_timeout": 10_000,
    }
    given = make_url(url).query
    return {key: value for key, value in defaults.items() if key not in given}


def unavailable(error: BaseException) -> bool:
    """Whether `error` means the database could not be reached or used just now (down, restarting,
    busy, locked) rather than a fault in our code: worth "try again in a minute", not an apology."""
    if isinstance(error, (OperationalError, PoolTimeout)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One short unit of work: committed if the block finishes, rolled back if it raises."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


@contextmanager
def read_only(engine: Engine) -> Iterator[Session]:
    """A session for answering a question: whatever it does is rolled back, never committed."""
    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
        finally:
            session.rollback()


def alembic_config(url: str) -> Config:
    from alembic.config import Config  # Alembic is loaded only when there is migrating to do

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


_REVISION = re.compile(r'^revision: str = "([^"]+)"', re.M)
_REVISES = re.compile(r'^down_revision: [^=]+= "([^"]+)"', re.M)


def head_revision() -> str | None:
    """The newest migration's id, read from the migration files without loading Alembic (every
    `forum` command checks it): the one revision no other revises."""
    revisions: set[str] = set()
    revised: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("[0-9]*.py"):
        source = path.read_text(encoding="utf-8")
        revisions.update(_REVISION.findall(source))
        revised.update(_REVISES.findall(source))
    heads = revisions - revised
    return heads.pop() if len(heads) == 1 else None


def current_revision(engine: Engine) -> str | None:
    """The database's migration, or None (a new database). A database that cannot be reached raises."""
    with engine.connect() as connection:
        try:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except DBAPIError:  # no such table: nothing migrated yet
            return None


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (a no-op when it is already there)."""
    head = head_revision()
    if head is not None and current_revision(engine) == head:
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    if engine.dialect.name != "sqlite":
        with engine.begin() as connection:  # PostgreSQL's DDL is transactional as it is
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        return
    # Python's sqlite3 commits before each CREATE/ALTER/DROP of its own accord, so a migration failing
    # half-way would leave half a schema that every later start trips over. On a connection left to
    # autocommit, an explicit BEGIN … COMMIT holds the whole upgrade in one transaction instead.
    with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
        except BaseException:
            connection.exec_driver_sql("ROLLBACK")
            raise
        connection.exec_driver_sql("COMMIT")


def is_current(engine: Engine) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(str(engine.url)))
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision() == script.get_current_head()


def ping(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return True
    except Exception:  # noqa: BLE001 - any failure is "not reachable"
        return False


def by_id(session: Session, model: type[_Row], ids: Iterable[int | None]) -> dict[int | None, _Row]:
    """{id: record} of `model` for these ids (archived ones too: an old record still names them).

    Keyed as the records' ids are typed, so an optional foreign key looks up directly (None finds nothing)."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {row.id: row for row in session.exec(select(model).where(col(model.id).in_(wanted))).all()}
