"""merge the payments and conversations branches into one head

Revision ID: 0004_merge
Revises: 0002_payments, 0003_conversations
Create Date: 2026-11-24
"""

revision = "0004_merge"
down_revision = ("0002_payments", "0003_conversations")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the two branches touch different tables; later revisions build on this one."""


def downgrade() -> None:
    pass
