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


def test_the_head_read_from_the_files_is_alembics():
    """`forum` commands check the database against the newest migration without loading Alembic."""
    from alembic.script import ScriptDirectory

    from storage.db import alembic_config, head_revision

    assert head_revision() == ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
