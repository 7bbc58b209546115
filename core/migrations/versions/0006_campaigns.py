"""campaigns: WhatsApp template broadcasts to opted-in patients

Revision ID: 0006_campaigns
Revises: 0005_notify_messages
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0006_campaigns"
down_revision = "0005_notify_messages"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = core.db.UTCDateTime(timezone=True)
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("template", sa.String(length=60), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("language", sa.String(length=10), nullable=True),
        sa.Column("booked_within_days", sa.Integer(), nullable=True),
        sa.Column("status", sa.Enum("draft", "sent", "cancelled", name="campaignstatus", native_enum=False,
                                    create_constraint=True, length=10), nullable=False),
        sa.Column("audience", sa.Integer(), nullable=True),
        sa.Column("queued", sa.Integer(), nullable=True),
        sa.Column("skipped_consent", sa.Integer(), nullable=True),
        sa.Column("skipped_cap", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", when, nullable=False),
        sa.Column("sent_at", when, nullable=True),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_campaigns_city_id_cities")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_campaigns_service_id_services")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_campaigns_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )


def downgrade() -> None:
    op.drop_table("campaigns")
