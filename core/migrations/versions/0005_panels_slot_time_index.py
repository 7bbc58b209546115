"""slots by (starts_at, id): the console's slot list pages by keyset in time order

Revision ID: 0005_panels_slot_time_index
Revises: 0004_merge
Create Date: 2026-12-01
"""
from alembic import op

revision = "0005_panels_slot_time_index"
down_revision = "0004_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Without it "the next 50 slots after (t, id)" sorts every upcoming slot on each page.
    op.create_index("ix_slots_starts_at_id", "slots", ["starts_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_slots_starts_at_id", table_name="slots")
