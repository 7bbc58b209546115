"""slots: the reason a slot is blocked

Revision ID: 0005_slot_blocking
Revises: 0005_family
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0005_slot_blocking"
down_revision = "0005_family"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("slots") as batch:
        batch.add_column(sa.Column("blocked_reason", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("slots") as batch:
        batch.drop_column("blocked_reason")
