"""inbox sessions kept on the server, so signing out or a password change revokes them

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rep_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("rep_id", sa.Integer(), sa.ForeignKey("reps.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("session_id"),
    )
    op.create_index("ix_rep_sessions_rep_id", "rep_sessions", ["rep_id"])
    op.create_index("ix_rep_sessions_expires_at", "rep_sessions", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_rep_sessions_expires_at", table_name="rep_sessions")
    op.drop_index("ix_rep_sessions_rep_id", table_name="rep_sessions")
    op.drop_table("rep_sessions")
