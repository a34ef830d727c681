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
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.add_column(sa.Column("indicator_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_action_indicator_id", ["indicator_id"], unique=False)
        batch_op.create_foreign_key("fk_action_indicator_id", "indicator", ["indicator_id"], ["id"])
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        # monthly / quarterly / annual; None: the board's default (then quarterly)
        batch_op.add_column(sa.Column("frequency", sa.String(length=10), nullable=True))
        # days after a period ends by which its reading is due; None: the board's default
        batch_op.add_column(sa.Column("reading_due_days", sa.Integer(), nullable=True))
        # the lead partner's named contact, who is chased for the figure
        batch_op.add_column(sa.Column("contact_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_indicator_contact_id", "person", ["contact_id"], ["id"])


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_constraint("fk_indicator_contact_id", type_="foreignkey")
        batch_op.drop_column("contact_id")
        batch_op.drop_column("reading_due_days")
        batch_op.drop_column("frequency")
    with op.batch_alter_table("action", schema=None) as batch_op:
        batch_op.drop_constraint("fk_action_indicator_id", type_="foreignkey")
        batch_op.drop_index("ix_action_indicator_id")
        batch_op.drop_column("indicator_id")
