"""leads purged after the retention period, kept as anonymous counts for the report

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "retired_leads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("goal_shared", sa.Boolean(), nullable=False),
        sa.Column("recommendation_shown", sa.Boolean(), nullable=False),
        sa.Column("contact_shared", sa.Boolean(), nullable=False),
        sa.Column("handed_off", sa.Boolean(), nullable=False),
        sa.Column("outcomes", sa.Text(), nullable=False),
        sa.Column("recommended_items", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_retired_leads_first_seen", "retired_leads", ["first_seen"])


def downgrade() -> None:
    op.drop_index("ix_retired_leads_first_seen", table_name="retired_leads")
    op.drop_table("retired_leads")
