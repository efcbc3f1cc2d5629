"""the page, referrer and campaign of each lead's first and latest chat (lead_touches)

Revision ID: 0008
Revises: 0007
"""
import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    text_column = {"nullable": False, "server_default": ""}
    op.create_table(
        "lead_touches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), sa.ForeignKey("leads.id", ondelete="CASCADE"), nullable=False),
        sa.Column("touch", sa.String(length=8), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=False),
        sa.Column("title", sa.String(length=255), **text_column),
        sa.Column("referrer", sa.String(length=512), **text_column),
        *(sa.Column(f"utm_{tag}", sa.String(length=128), **text_column)
          for tag in ("source", "medium", "campaign", "term", "content")),
        sa.Column("language", sa.String(length=64), **text_column),
        sa.Column("timezone", sa.String(length=64), **text_column),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("lead_id", "touch", name="uq_lead_touches_lead_touch"),
    )


def downgrade() -> None:
    op.drop_table("lead_touches")
