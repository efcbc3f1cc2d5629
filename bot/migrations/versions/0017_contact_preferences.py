"""how and when a visitor may be contacted, as they said it

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as table:
        table.add_column(sa.Column("contact_channel", sa.String(length=16), nullable=True))
        table.add_column(sa.Column("contact_not_before", sa.Date(), nullable=True))
        table.add_column(sa.Column("contact_scope", sa.String(length=32), nullable=True))
        table.add_column(sa.Column("contact_said", sa.Text(), nullable=True))
        table.add_column(sa.Column("contact_set_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("contact_set_on_card", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("leads") as table:
        for column in ("contact_set_on_card", "contact_set_at", "contact_said", "contact_scope",
                       "contact_not_before", "contact_channel"):
            table.drop_column(column)
