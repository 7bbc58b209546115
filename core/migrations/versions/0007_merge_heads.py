"""merge the parallel 0005/0006 branches (auth, panels, ops, prod, notifications and campaigns, content and
support queue) into one head

Revision ID: 0007_merge
Revises: 0005_auth_sessions, 0005_checkin, 0005_ops, 0005_panels_slot_time_index, 0005_prod_audit_owner,
         0006_campaigns
Create Date: 2026-12-01
"""

revision = "0007_merge"
down_revision = ("0005_auth_sessions", "0005_checkin", "0005_ops", "0005_panels_slot_time_index",
                 "0005_prod_audit_owner", "0006_campaigns")
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Nothing to change: the branches touch different tables or columns; later revisions build on this."""


def downgrade() -> None:
    pass
