"""change_counter: a number every write moves, for the answer cache and the sweep (issue 19)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 21:20:00.000000

See storage/changes.py. A table added by a later migration is watched by adding its trigger there
too, and so is a table SQLite's batch mode copies (the copy has no triggers):
tests/storage/test_changes.py checks that every table but the unwatched ones has them.
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WATCHED = (
    "organisation",
    "person",
    "board",
    "board_member",
    "meeting",
    "agenda_item",
    "paper",
    "attendance",
    "minute",
    "resolution",
    "action",
    "action_update",
    "indicator",
    "indicator_target",
    "indicator_reading",
    "consultation",
    "audit_event",
    "delivery",
    "delivery_attempt",
    "partnership",
    "paper_review",
    "search_document",
)


def upgrade() -> None:
    """Upgrade schema."""
    op.execute("CREATE TABLE change_counter (id integer PRIMARY KEY, n bigint NOT NULL)")
    op.execute("INSERT INTO change_counter (id, n) VALUES (1, 0)")
    if op.get_bind().dialect.name == "sqlite":  # row triggers only: each row written moves it
        for table in WATCHED:
            for event in ("INSERT", "UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER forum_count_change_{table}_{event.lower()} AFTER {event} ON {table} "
                    "BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; END"
                )
        return
    # BEFORE each writing statement: the counter's row lock is taken before any row the statement
    # writes, so two writers queue on it rather than deadlock over it.
    op.execute(
        "CREATE FUNCTION forum_count_change() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN UPDATE change_counter SET n = n + 1 WHERE id = 1; RETURN NULL; END $$"
    )
    for table in WATCHED:
        op.execute(
            f"CREATE TRIGGER forum_count_change BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION forum_count_change()"
        )


def downgrade() -> None:
    """Downgrade schema."""
    for table in WATCHED:
        if op.get_bind().dialect.name == "sqlite":
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS forum_count_change_{table}_{event}")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS forum_count_change ON {table}")
    if op.get_bind().dialect.name != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS forum_count_change()")
    op.execute("DROP TABLE IF EXISTS change_counter")
