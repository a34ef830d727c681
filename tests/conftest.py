"""Fixtures: throwaway databases (SQLite and PostgreSQL), the stand-in Slack, the bot over HTTP.

The helpers behind them live in tests/support/ (one place for each: databases, the bot server and its
settings, signed Slack requests, the stand-in Slack, the clock).
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pytest
from sqlalchemy import Engine

from storage.db import make_engine, upgrade
from tests.support.bot_server import BotServer, settings_for
from tests.support.clock import LONDON
from tests.support.databases import (
    loaded_postgres,
    loaded_sqlite_copy,
    sqlite_engine_at,
    throwaway_postgres,
)
from tests.support.partnerships import load_yaml
from tests.support.slack_standin import SlackStandIn

DATA = Path(__file__).parent / "data"
LUTON = Path(__file__).parents[1] / "storage" / "demo" / "luton.yaml"


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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def loaded(request, tmp_path):
    """`loaded(key, load)`: a database of the test's own holding what `load(engine)` writes into an empty
    one — loaded once per run and key, then copied for each test (loading takes seconds, a copy
    milliseconds)."""
    with ExitStack() as stack:
        used: list[str] = []

        def copy(key: str, load: Callable[[Engine], None]) -> Engine:
            used.append(key)
            assert len(used) == 1, "one loaded database a test: on PostgreSQL it is the run's own database"
            if request.param == "sqlite":
                engine = loaded_sqlite_copy(key, load, tmp_path / f"{key}.db")
                stack.callback(engine.dispose)
                return engine
            engine = request.getfixturevalue("postgres_engine")  # skips (or fails) with no server
            return loaded_postgres(key, load, engine)

        yield copy


def _luton(engine: Engine) -> None:
    load_yaml(engine, LUTON.read_text(), LONDON)


@pytest.fixture
def luton(loaded):
    """The Luton Forum as storage/demo/luton.yaml writes it, dates as written."""
    return loaded("luton", _luton)


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


def pytest_collection_finish(session):
    """The modules and test functions collected live for the whole run: the collector need not walk
    them at every full collection, and runs less often (a test builds many short-lived objects);
    measured on tests/commands: 2.9 s of collecting a worker, 1.2 s so. The bot itself is untouched."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
