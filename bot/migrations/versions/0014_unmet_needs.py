"""unmet needs in the visitor's words, and the weekly digest's email outbox

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unmet_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("said", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_unmet_needs_lead_id", "unmet_needs", ["lead_id"])
    op.create_index("ix_unmet_needs_created_at", "unmet_needs", ["created_at"])
    op.create_table(
        "digest_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("week", sa.String(10), nullable=False),
        sa.Column("recipient", sa.String(255), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True)),
        sa.Column("last_error", sa.Text()),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("week", "recipient", name="uq_digest_emails_week_recipient"),
    )


def downgrade() -> None:
    op.drop_table("digest_emails")
    op.drop_index("ix_unmet_needs_created_at", table_name="unmet_needs")
    op.drop_index("ix_unmet_needs_lead_id", table_name="unmet_needs")
    op.drop_table("unmet_needs")
