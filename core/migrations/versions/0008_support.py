"""payments: what a payment is for (the booking itself, or the price difference of a reschedule)

Revision ID: 0008_support
Revises: 0007_merge
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_support"
down_revision = "0007_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.add_column(sa.Column("purpose", sa.String(length=20), nullable=False, server_default="booking"))


def downgrade() -> None:
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("purpose")
