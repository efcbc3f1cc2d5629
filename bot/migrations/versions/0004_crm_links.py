"""the record each CRM holds for a lead, kept until the CRM has deleted it too

Revision ID: 0004
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "crm_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("system", sa.String(length=32), nullable=False),
        sa.Column("lead_public_id", sa.String(length=32), nullable=False),
        sa.Column("remote_id", sa.String(length=64), nullable=False),
        sa.Column("noted_handoff_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("system", "lead_public_id"),
    )
    op.create_index("ix_crm_links_lead_public_id", "crm_links", ["lead_public_id"])


def downgrade() -> None:
    op.drop_index("ix_crm_links_lead_public_id", table_name="crm_links")
    op.drop_table("crm_links")
