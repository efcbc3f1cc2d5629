"""routing and presence: reps' presence, admin role and round-robin order; handoffs' current offer

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("reps") as table:
        table.add_column(sa.Column("is_admin", sa.Boolean(), nullable=False, server_default=sa.false()))
        table.add_column(sa.Column("presence", sa.String(length=8), nullable=False, server_default="away"))
        table.add_column(sa.Column("last_active_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("last_offered_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("handoffs") as table:
        table.add_column(sa.Column("offered_rep_id", sa.Integer(), nullable=True))
        table.add_column(sa.Column("offer_expires_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("offered_to", sa.Text(), nullable=False, server_default="[]"))
        table.create_foreign_key("fk_handoffs_offered_rep_id_reps", "reps", ["offered_rep_id"], ["id"],
                                 ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("handoffs") as table:
        table.drop_constraint("fk_handoffs_offered_rep_id_reps", type_="foreignkey")
        table.drop_column("offered_to")
        table.drop_column("offer_expires_at")
        table.drop_column("offered_rep_id")
    with op.batch_alter_table("reps") as table:
        table.drop_column("last_offered_at")
        table.drop_column("last_active_at")
        table.drop_column("presence")
        table.drop_column("is_admin")
