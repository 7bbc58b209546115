"""partner panel: report versions and labels; weekly availability templates; center admins

Revision ID: 0008_partner
Revises: 0007_merge
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = "0008_partner"
down_revision = "0007_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("is_center_admin", sa.Boolean(), nullable=False, server_default=sa.false()))
    # A center's earliest partner user was added by MedEzy: it becomes the admin, as new centers' first users do.
    op.execute("UPDATE users SET is_center_admin = TRUE WHERE id IN (SELECT MIN(id) FROM users "
               "WHERE role = 'partner_staff' GROUP BY center_id)")
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("label", sa.String(length=80), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
        batch.create_unique_constraint("uq_documents_booking_kind_label_version",
                                       ["booking_id", "kind", "label", "version"])
    op.create_table(
        "availability_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("center_id", sa.Integer(), sa.ForeignKey("centers.id"), nullable=False),
        sa.Column("service_id", sa.Integer(), sa.ForeignKey("services.id"), nullable=False),
        sa.Column("weekdays", sa.String(length=7), nullable=False),
        sa.Column("opens_at", sa.Time(), nullable=False),
        sa.Column("closes_at", sa.Time(), nullable=False),
        sa.Column("slot_minutes", sa.Integer(), nullable=False),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("generated_through", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("slot_minutes BETWEEN 5 AND 480", name="slot_minutes_range"),
        sa.CheckConstraint("capacity BETWEEN 1 AND 50", name="capacity_range"),
        sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
    )
    op.create_index("ix_availability_templates_center_id", "availability_templates", ["center_id"])


def downgrade() -> None:
    op.drop_index("ix_availability_templates_center_id", table_name="availability_templates")
    op.drop_table("availability_templates")
    with op.batch_alter_table("documents") as batch:
        batch.drop_constraint("uq_documents_booking_kind_label_version", type_="unique")
        batch.drop_column("version")
        batch.drop_column("label")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("is_center_admin")
