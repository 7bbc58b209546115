"""payments: what a payment is for (the booking itself, or the price difference of a reschedule), and the
supplementary invoice of a price difference (invoices.payment_id)

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
    with op.batch_alter_table("invoices") as batch:
        batch.add_column(sa.Column("payment_id", sa.Integer(), nullable=True))
        batch.create_unique_constraint(op.f("uq_invoices_payment_id"), ["payment_id"])
        batch.create_foreign_key(op.f("fk_invoices_payment_id_payments"), "payments", ["payment_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("invoices") as batch:
        batch.drop_constraint(op.f("fk_invoices_payment_id_payments"), type_="foreignkey")
        batch.drop_constraint(op.f("uq_invoices_payment_id"), type_="unique")
        batch.drop_column("payment_id")
    with op.batch_alter_table("payments") as batch:
        batch.drop_column("purpose")
