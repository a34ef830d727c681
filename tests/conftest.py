"""Fixtures: throwaway databases (SQLite and PostgreSQL), the stand-in Slack, the bot over HTTP.

The helpers behind them live in tests/support/ (one place for each: databases, the bot server and its
settings, signed Slack requests, the stand-in Slack, the clock).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.db import make_engine, upgrade
from tests.support.bot_server import BotServer, settings_for
from tests.support.databases import sqlite_engine_at, throwaway_postgres
from tests.support.slack_standin import SlackStandIn

DATA = Path(__file__).parent / "data"


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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request, tmp_path):
    """A migrated, empty database: a copy of the migrated SQLite template, or the run's PostgreSQL database
    emptied."""
    if request.param == "sqlite":
        engine = sqlite_engine_at(tmp_path / "forum.db")
        yield engine
        engine.dispose()
    else:
        from tests.support.databases import empty_tables

        engine = request.getfixturevalue("postgres_engine")
        empty_tables(engine)
        yield engine


@pytest.fixture
def sqlite_engine(tmp_path):
    engine = sqlite_engine_at(tmp_path / "forum.db")
    yield engine
    engine.dispose()


@pytest.fixture
def slack():
    standin = SlackStandIn().start()
    yield standin
    standin.stop()


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
