"""Fixtures: throwaway databases (SQLite and PostgreSQL), the stand-in Slack, the bot over HTTP."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from settings import Settings
from storage.db import make_engine, upgrade
from tests.slack_requests import SIGNING_SECRET
from tests.slack_standin import SlackStandIn

POSTGRES_ADMIN_URL = os.environ.get("FORUM_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = os.environ.get("FORUM_REQUIRE_POSTGRES") == "1"
DATA = Path(__file__).parent / "data"


def _postgres_admin():
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
    admin = _postgres_admin()
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin.url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_url():
    """A PostgreSQL database of our own for this test run, dropped at the end."""
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_engine(postgres_url):
    engine = make_engine(postgres_url)
    upgrade(engine)
    yield engine
    engine.dispose()


def _empty_tables(engine) -> None:
    tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """A migrated, empty database: a fresh SQLite file, or the run's PostgreSQL database emptied."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
    else:
        engine = request.getfixturevalue("postgres_engine")
        _empty_tables(engine)
        yield engine


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'forum.db'}")
    upgrade(engine)
    yield engine
    engine.dispose()


def settings_for(engine, **overrides) -> Settings:
    values = {
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "FORUM_TIMEZONE": "Europe/London",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


@pytest.fixture
def slack():
    standin = SlackStandIn().start()
    yield standin
    standin.stop()


class BotServer:
    """The real bolt app and WSGI router, served by waitress on a loopback port."""

    def __init__(self, engine, settings: Settings):
        from waitress.server import create_server

        from bot.http import create_wsgi
        from bot.slack_app import create_app

        self.settings = settings
        self.app = create_app(settings, engine)
        self.server = create_server(
            create_wsgi(self.app, engine, settings), host="127.0.0.1", port=0, threads=4, asyncore_loop_timeout=0.05
        )
        self.closing = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.server.run()
        except OSError:
            if not self.closing:  # closing the socket under the loop is how waitress stops
                raise

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.effective_port}"

    def close(self) -> None:
        self.closing = True
        self.server.task_dispatcher.shutdown()
        self.server.close()
        self.thread.join(timeout=5)


@pytest.fixture
def bot_factory(slack):
    servers: list[BotServer] = []

    def start(engine, **overrides) -> BotServer:
        server = BotServer(engine, settings_for(engine, SLACK_API_URL=slack.api_url, **overrides))
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)
