"""proactive prompts: visitors who declined them, and anonymous daily counts per prompt

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("leads") as table:
        table.add_column(sa.Column("prompts_declined", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "prompt_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.String(length=64), nullable=False),
        sa.Column("day", sa.String(length=10), nullable=False),
        sa.Column("shown", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("opened", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("dismissed", sa.Integer(), nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prompt_id", "day", name="uq_prompt_counts_prompt_day"),
    )


def downgrade() -> None:
    op.drop_table("prompt_counts")
    with op.batch_alter_table("leads") as table:
        table.drop_column("prompts_declined")
