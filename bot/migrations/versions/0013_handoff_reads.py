"""when each rep last read each conversation (the queue's unread counts)

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handoff_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), sa.ForeignKey("reps.id", ondelete="CASCADE"), nullable=False),
        sa.Column("handoff_id", sa.Integer(), sa.ForeignKey("handoffs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("read_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("rep_id", "handoff_id", name="uq_handoff_reads_rep_handoff"),
    )
    op.create_index("ix_handoff_reads_handoff_id", "handoff_reads", ["handoff_id"])


def downgrade() -> None:
    op.drop_index("ix_handoff_reads_handoff_id", table_name="handoff_reads")
    op.drop_table("handoff_reads")
