"""merge the parallel 0008 branches (partner panel, support panel, insight, audit sealer, waitlist) into one head

Revision ID: 0009_merge
Revises: 0008_insight, 0008_partner, 0008_prod, 0008_support, 0008_waitlist
Create Date: 2026-12-06
"""

revision = "0009_merge"
down_revision = ("0008_insight", "0008_partner", "0008_prod", "0008_support", "0008_waitlist")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables; later revisions build on this."""


def downgrade() -> None:
    pass
