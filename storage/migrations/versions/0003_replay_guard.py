"""replay_guard: signatures, event ids and previewed files seen once, shared by every bot process (issue 13)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 10:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "replay_guard",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("replay_guard", schema=None) as batch_op:
        batch_op.create_index("ix_replay_guard_expires", ["expires_at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("replay_guard", schema=None) as batch_op:
        batch_op.drop_index("ix_replay_guard_expires")
    op.drop_table("replay_guard")
