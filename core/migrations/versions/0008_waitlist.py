"""waitlist: patients messaged when a matching slot opens; content languages wide enough for "hinglish"

Revision ID: 0008_waitlist
Revises: 0007_merge
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0008_waitlist"
down_revision = "0007_merge"
branch_labels = None
depends_on = None

WAITING = "status = 'waiting'"


def upgrade() -> None:
    when = core.db.UTCDateTime(timezone=True)
    op.create_table(
        "waitlist_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("date_from", sa.Date(), nullable=False),
        sa.Column("date_to", sa.Date(), nullable=False),
        sa.Column("status", sa.Enum("waiting", "notified", "cancelled", name="waitliststatus", native_enum=False,
                                    create_constraint=True, length=10), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=True),
        sa.Column("created_at", when, nullable=False),
        sa.Column("notified_at", when, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_waitlist_entries_user_id_users")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_waitlist_entries_service_id_services")),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_waitlist_entries_city_id_cities")),
        sa.ForeignKeyConstraint(["slot_id"], ["slots.id"], name=op.f("fk_waitlist_entries_slot_id_slots")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waitlist_entries")),
    )
    op.create_index("uq_waitlist_entries_waiting", "waitlist_entries", ["user_id", "service_id", "city_id"],
                    unique=True, postgresql_where=sa.text(WAITING), sqlite_where=sa.text(WAITING))
    op.create_index("ix_waitlist_entries_match", "waitlist_entries", ["service_id", "city_id", "status"])
    # The CMS accepts "hinglish" (the bot's FAQ answers) but the column held 5 characters.
    with op.batch_alter_table("content_entries") as batch:
        batch.alter_column("language", type_=sa.String(length=10), existing_type=sa.String(length=5),
                           existing_nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("content_entries") as batch:
        batch.alter_column("language", type_=sa.String(length=5), existing_type=sa.String(length=10),
                           existing_nullable=False)
    op.drop_index("ix_waitlist_entries_match", table_name="waitlist_entries")
    op.drop_index("uq_waitlist_entries_waiting", table_name="waitlist_entries")
    op.drop_table("waitlist_entries")
