"""facts the visitor corrected on their "what we know" card

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("discovery_facts") as table:
        table.add_column(sa.Column("corrected_by_visitor", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("discovery_facts") as table:
        table.drop_column("corrected_by_visitor")
