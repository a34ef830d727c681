"""Alembic's migrations and the tables in storage/tables.py describe the same schema."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import storage.tables  # noqa: F401
from storage.changes import not_declared
from storage.db import is_current, upgrade


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


def test_a_migration_failing_half_way_leaves_the_sqlite_database_as_it_was(sqlite_engine, tmp_path, monkeypatch):
    """A migration that adds a column and then fails: the column is not left behind, the database
    stays at its migration and works, and starting again tries the migration again."""
    import shutil

    import storage.db
    from storage.tables import Board

    folder = tmp_path / "migrations"
    shutil.copytree(storage.db.MIGRATIONS, folder, ignore=shutil.ignore_patterns("__pycache__"))
    head = storage.db.head_revision()
    (folder / "versions" / "9999_fails.py").write_text(
        f'''"""a migration that fails half-way"""
import sqlalchemy as sa
from alembic import op

revision: str = "9999"
down_revision: str = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("board", sa.Column("half_way", sa.Integer(), nullable=True))
    op.create_table("half_table", sa.Column("id", sa.Integer(), primary_key=True))
    raise RuntimeError("the migration fails here")


def downgrade() -> None:
    pass
'''
    )
    monkeypatch.setattr(storage.db, "MIGRATIONS", folder)
    assert storage.db.head_revision() == "9999"
    for _ in range(2):  # and the next start meets the same database, not half a schema
        try:
            storage.db.upgrade(sqlite_engine)
        except RuntimeError as error:
            assert "fails here" in str(error)
        else:
            raise AssertionError("the failing migration did not fail")
        with sqlite_engine.connect() as connection:
            columns = [row[1] for row in connection.exec_driver_sql("PRAGMA table_info(board)")]
            tables = [row[0] for row in connection.exec_driver_sql("SELECT name FROM sqlite_master WHERE type='table'")]
            assert "half_way" not in columns and "half_table" not in tables
            assert storage.db.current_revision(sqlite_engine) == head
    with storage.db.transaction(sqlite_engine) as session:
        session.add(Board(slug="forum", name="Luton Forum"))
