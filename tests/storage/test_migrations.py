"""Alembic's migrations and the tables in storage/tables.py describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.db import is_current, upgrade
from storage.search import not_declared


def test_migrations_build_exactly_the_tables_the_code_uses(engine):
    assert is_current(engine)
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True, "include_object": not_declared}),
            SQLModel.metadata,
        )
    assert differences == []


def test_upgrading_a_current_database_changes_nothing(engine):
    upgrade(engine)
    assert is_current(engine)
