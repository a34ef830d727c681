"""indicator follow-up: corrective actions linked to their indicator, and when each figure is due (issue 17)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 19:05:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    # Columns added in place, their references inline: SQLite then has no table to copy (a batch copy
    # of `action` or `indicator` cannot drop the old table while other tables' rows point at it).
    op.add_column(
        "action", sa.Column("indicator_id", sa.Integer(), sa.ForeignKey("indicator.id")), inline_references=True
    )
    op.create_index("ix_action_indicator_id", "action", ["indicator_id"], unique=False)
    # monthly / quarterly / annual; None: the board's default (then quarterly)
    op.add_column("indicator", sa.Column("frequency", sa.String(length=10), nullable=True))
    # days after a period ends by which its reading is due; None: the board's default
    op.add_column("indicator", sa.Column("reading_due_days", sa.Integer(), nullable=True))
    # the lead partner's named contact, who is chased for the figure
    op.add_column(
        "indicator", sa.Column("contact_id", sa.Integer(), sa.ForeignKey("person.id")), inline_references=True
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column("indicator", "contact_id")
    op.drop_column("indicator", "reading_due_days")
    op.drop_column("indicator", "frequency")
    op.drop_index("ix_action_indicator_id", table_name="action")
    op.drop_column("action", "indicator_id")
