"""the visitor's rating (1-5) and comment for a chat a rep closed; retired leads keep their ratings

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("handoffs") as table:
        table.add_column(sa.Column("rating", sa.Integer(), nullable=True))
        table.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
        table.add_column(sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("retired_leads") as table:
        table.add_column(sa.Column("ratings", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("retired_leads") as table:
        table.drop_column("ratings")
    with op.batch_alter_table("handoffs") as table:
        table.drop_column("rated_at")
        table.drop_column("rating_comment")
        table.drop_column("rating")
