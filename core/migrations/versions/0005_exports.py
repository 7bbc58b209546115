"""exports: CSV exports produced in the background

Revision ID: 0005_exports
Revises: 0005_slot_blocking
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0005_exports"
down_revision = "0005_slot_blocking"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = core.db.UTCDateTime(timezone=True)
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=False),
        sa.Column("status", sa.Enum("queued", "done", "failed", name="exportstatus", native_enum=False,
                                    create_constraint=True, length=10), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=True),
        sa.Column("truncated", sa.Boolean(), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=True),
        sa.Column("error", sa.String(length=300), nullable=True),
        sa.Column("created_at", when, nullable=False),
        sa.Column("finished_at", when, nullable=True),
        sa.ForeignKeyConstraint(["requested_by"], ["users.id"], name=op.f("fk_exports_requested_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exports")),
    )
    op.create_index(op.f("ix_exports_requested_by"), "exports", ["requested_by"])


def downgrade() -> None:
    op.drop_index(op.f("ix_exports_requested_by"), table_name="exports")
    op.drop_table("exports")
