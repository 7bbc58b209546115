"""bookings: check-in time; tickets: a center's escalations (no patient needed)

Revision ID: 0005_checkin
Revises: 0005_exports
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0005_checkin"
down_revision = "0005_exports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("checked_in_at", core.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table("tickets") as batch:
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("center_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_tickets_center_id_centers"), "centers", ["center_id"], ["id"])
        batch.create_index(op.f("ix_tickets_center_id"), ["center_id"])
        # Every ticket is about someone: a patient, a center, or both.
        batch.create_check_constraint("has_patient_or_center", "user_id IS NOT NULL OR center_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint(op.f("ck_tickets_has_patient_or_center"), type_="check")
        batch.drop_index(op.f("ix_tickets_center_id"))
        batch.drop_constraint(op.f("fk_tickets_center_id_centers"), type_="foreignkey")
        batch.drop_column("center_id")
        batch.alter_column("user_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("bookings") as batch:
        batch.drop_column("checked_in_at")
