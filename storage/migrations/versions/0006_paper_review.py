"""paper_review: a paper's dry run and the officer's corrections, kept until Import (issue 14)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 22:40:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "paper_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("officer", sa.String(length=30), nullable=False),
        sa.Column("channel", sa.String(length=30), nullable=False),
        sa.Column("file_id", sa.String(length=40), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("file_hash", sa.String(length=64), nullable=False),
        sa.Column("board_words", sa.String(length=300), nullable=True),
        sa.Column("offered", sa.JSON(), nullable=True),
        sa.Column("choices", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("paper_review", schema=None) as batch_op:
        batch_op.create_index("ix_paper_review_expires", ["expires_at"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("paper_review", schema=None) as batch_op:
        batch_op.drop_index("ix_paper_review_expires")
    op.drop_table("paper_review")
