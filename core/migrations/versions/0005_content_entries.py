"""content: banners, FAQs, landing pages and blog posts with publishing states

Revision ID: 0005_content
Revises: 0004_merge
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0005_content"
down_revision = "0004_merge"
branch_labels = None
depends_on = None


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=10)


def upgrade() -> None:
    op.create_table(
        "content_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum("contentkind", "banner", "faq", "landing", "blog"), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("summary", sa.String(length=400), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column("keywords", sa.String(length=400), nullable=False),
        sa.Column("link_url", sa.String(length=300), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=True),
        sa.Column("service_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("status", _enum("contentstatus", "draft", "scheduled", "published", "archived"), nullable=False),
        sa.Column("publish_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("seo_title", sa.String(length=70), nullable=False),
        sa.Column("seo_description", sa.String(length=160), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status <> 'scheduled' OR publish_at IS NOT NULL",
                           name=op.f("ck_content_entries_scheduled_has_time")),
        sa.CheckConstraint("kind <> 'landing' OR (city_id IS NOT NULL AND service_id IS NOT NULL)",
                           name=op.f("ck_content_entries_landing_has_city_and_service")),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_content_entries_city_id_cities")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"], name=op.f("fk_content_entries_service_id_services")),
        sa.ForeignKeyConstraint(["updated_by"], ["users.id"], name=op.f("fk_content_entries_updated_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_entries")),
        sa.UniqueConstraint("kind", "slug", "language", name="uq_content_entries_kind_slug_language"),
    )
    op.create_index("ix_content_entries_live", "content_entries", ["kind", "status", "publish_at"])


def downgrade() -> None:
    op.drop_index("ix_content_entries_live", table_name="content_entries")
    op.drop_table("content_entries")
