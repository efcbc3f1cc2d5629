"""event outbox for webhook subscribers, public lead ids

Revision ID: 0003
Revises: 0002
"""
from uuid import uuid4

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as batch_op:
        batch_op.add_column(sa.Column("public_id", sa.String(length=32), nullable=True))
    leads = sa.table("leads", sa.column("id", sa.Integer), sa.column("public_id", sa.String))
    connection = op.get_bind()
    for (lead_id,) in connection.execute(sa.select(leads.c.id)).fetchall():
        connection.execute(leads.update().where(leads.c.id == lead_id).values(public_id=uuid4().hex))
    with op.batch_alter_table("leads") as batch_op:
        batch_op.alter_column("public_id", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_index("ix_leads_public_id", ["public_id"], unique=True)
    op.create_table(
        "outbound_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=64), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fanned_out", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["leads.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("event_id"),
    )
    op.create_index("ix_outbound_events_lead_id", "outbound_events", ["lead_id"])
    op.create_index("ix_outbound_events_fanned_out", "outbound_events", ["fanned_out"])
    op.create_table(
        "event_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_row_id", sa.Integer(), nullable=False),
        sa.Column("subscription", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["event_row_id"], ["outbound_events.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_event_deliveries_event_row_id", "event_deliveries", ["event_row_id"])
    op.create_index("ix_event_deliveries_status", "event_deliveries", ["status"])


def downgrade() -> None:
    op.drop_index("ix_event_deliveries_status", table_name="event_deliveries")
    op.drop_index("ix_event_deliveries_event_row_id", table_name="event_deliveries")
    op.drop_table("event_deliveries")
    op.drop_index("ix_outbound_events_fanned_out", table_name="outbound_events")
    op.drop_index("ix_outbound_events_lead_id", table_name="outbound_events")
    op.drop_table("outbound_events")
    with op.batch_alter_table("leads") as batch_op:
        batch_op.drop_index("ix_leads_public_id")
        batch_op.drop_column("public_id")
