"""campaigns: a 'sending' state between the launch request and the queued messages (launches run in the
background)

Revision ID: 0008_insight
Revises: 0007_merge
Create Date: 2026-12-06
"""
from alembic import op

revision = "0008_insight"
down_revision = "0007_merge"
branch_labels = None
depends_on = None

NAME = "ck_campaigns_campaignstatus"


def upgrade() -> None:
    _states("'draft', 'sending', 'sent', 'cancelled'")


def downgrade() -> None:
    op.execute("UPDATE campaigns SET status = 'draft' WHERE status = 'sending'")
    _states("'draft', 'sent', 'cancelled'")


def _states(values: str) -> None:
    # batch: SQLite cannot drop a CHECK constraint in place, so the table is rebuilt there (PostgreSQL alters it)
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_constraint(op.f(NAME), type_="check")
        batch.create_check_constraint(op.f(NAME), f"status IN ({values})")
