"""ops: center codes, one slot per center/service/start, slot imports, API tokens, catalogue fields,
center onboarding (hours, machines, document expiry and review), settlement accounts

Revision ID: 0005_ops
Revises: 0004_merge
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0005_ops"
down_revision = "0004_merge"
branch_labels = None
depends_on = None


def upgrade() -> None:
    _center_codes()
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_slots_center_service_start", ["center_id", "service_id", "starts_at"])
    _slot_imports()
    _api_tokens()
    _catalogue()
    _onboarding()
    _settlement_accounts()


def _center_codes() -> None:
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=20), nullable=True))
    op.execute("UPDATE centers SET code = 'C' || id WHERE code IS NULL")  # existing centers get C<id>
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.alter_column("code", existing_type=sa.String(length=20), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_centers_code"), ["code"])


def _slot_imports() -> None:
    op.create_table(
        "slot_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("storage_key", sa.String(length=300), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("import_good_rows", sa.Boolean(), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("status", sa.Enum("queued", "checking", "importing", "done", "rejected", "failed",
                                    name="importstatus", native_enum=False, create_constraint=True, length=20),
                  nullable=False),
        sa.Column("requested_by_id", sa.Integer(), nullable=True),
        sa.Column("center_id", sa.Integer(), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=False),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("bad_rows", sa.Integer(), nullable=False),
        sa.Column("slots_created", sa.Integer(), nullable=False),
        sa.Column("slots_existing", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("processed_rows <= total_rows OR total_rows = 0",
                           name=op.f("ck_slot_imports_progress_within_total")),
        sa.ForeignKeyConstraint(["center_id"], ["centers.id"], name=op.f("fk_slot_imports_center_id_centers")),
        sa.ForeignKeyConstraint(["requested_by_id"], ["users.id"],
                                name=op.f("fk_slot_imports_requested_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_slot_imports")),
    )
    op.create_index(op.f("ix_slot_imports_center_id"), "slot_imports", ["center_id"], unique=False)


def _api_tokens() -> None:
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("center_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("(center_id IS NULL) <> (user_id IS NULL)", name=op.f("ck_api_tokens_center_or_user")),
        sa.ForeignKeyConstraint(["center_id"], ["centers.id"], name=op.f("fk_api_tokens_center_id_centers")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_api_tokens_user_id_users")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_api_tokens_created_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_index(op.f("ix_api_tokens_center_id"), "api_tokens", ["center_id"], unique=False)
    op.create_index(op.f("ix_api_tokens_user_id"), "api_tokens", ["user_id"], unique=False)


def _catalogue() -> None:
    with op.batch_alter_table("services", schema=None) as batch_op:
        batch_op.add_column(sa.Column("prep_instructions_hi", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("needs_contrast", sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column("needs_fasting", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "service_city_adjustments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("city_id", sa.Integer(), nullable=False),
        sa.Column("adjustment_bps", sa.Integer(), nullable=False),
        sa.CheckConstraint("adjustment_bps BETWEEN -5000 AND 10000",
                           name=op.f("ck_service_city_adjustments_adjustment_in_range")),
        sa.ForeignKeyConstraint(["service_id"], ["services.id"],
                                name=op.f("fk_service_city_adjustments_service_id_services")),
        sa.ForeignKeyConstraint(["city_id"], ["cities.id"], name=op.f("fk_service_city_adjustments_city_id_cities")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_city_adjustments")),
        sa.UniqueConstraint("service_id", "city_id", name="uq_service_city_adjustments_service_city"),
    )


def _onboarding() -> None:
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("working_hours", sa.JSON(), nullable=False, server_default="{}"))
        batch_op.add_column(sa.Column("machines", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("rejection_reason", sa.Text(), nullable=True))
    with op.batch_alter_table("center_documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("expires_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("content_type", sa.String(length=40), nullable=False,
                                      server_default="application/pdf"))
        batch_op.add_column(sa.Column("sha256", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("uploaded_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("reviewed_at", core.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("rejection_reason", sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f("ix_center_documents_expires_on"), ["expires_on"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_center_documents_uploaded_by_id_users"), "users",
                                    ["uploaded_by_id"], ["id"])
        batch_op.create_foreign_key(batch_op.f("fk_center_documents_reviewed_by_id_users"), "users",
                                    ["reviewed_by_id"], ["id"])


_ACCOUNT_COLUMNS = (("provider_product_id", sa.String(length=64)), ("holder_name", sa.String(length=120)),
                    ("ifsc", sa.String(length=11)), ("account_number", sa.String(length=35)),
                    ("legal_business_name", sa.String(length=200)), ("business_type", sa.String(length=40)),
                    ("last_error", sa.Text()), ("updated_at", core.db.UTCDateTime(timezone=True)))


def _settlement_accounts() -> None:
    with op.batch_alter_table("partner_accounts", schema=None) as batch_op:
        batch_op.alter_column("provider_account_id", existing_type=sa.String(length=64), nullable=True)
        # Accounts made before this revision were set up by hand at Razorpay and are paying out: activated.
        batch_op.add_column(sa.Column("status", sa.Enum(
            "pending", "requested", "needs_clarification", "under_review", "activated", "suspended", "failed",
            name="routestatus", native_enum=False, create_constraint=True, length=20),
            nullable=False, server_default="activated"))
        for name, kind in _ACCOUNT_COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_partner_accounts_provider_product_id"),
                                          ["provider_product_id"])
    with op.batch_alter_table("partner_accounts", schema=None) as batch_op:
        # ...but no row inserted from now on is activated by default: only the provider's review activates.
        batch_op.alter_column("status", existing_type=sa.String(length=20), server_default=None)


def downgrade() -> None:
    with op.batch_alter_table("partner_accounts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_partner_accounts_provider_product_id"), type_="unique")
        for name, _ in reversed(_ACCOUNT_COLUMNS):
            batch_op.drop_column(name)
        batch_op.drop_column("status")
    with op.batch_alter_table("center_documents", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_center_documents_reviewed_by_id_users"), type_="foreignkey")
        batch_op.drop_constraint(batch_op.f("fk_center_documents_uploaded_by_id_users"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_center_documents_expires_on"))
        for column in ("rejection_reason", "reviewed_at", "reviewed_by_id", "uploaded_by_id", "sha256",
                       "content_type", "expires_on"):
            batch_op.drop_column(column)
    with op.batch_alter_table("centers", schema=None) as batch_op:
        for column in ("rejection_reason", "machines", "working_hours"):
            batch_op.drop_column(column)
    op.drop_table("service_city_adjustments")
    with op.batch_alter_table("services", schema=None) as batch_op:
        for column in ("needs_fasting", "needs_contrast", "prep_instructions_hi"):
            batch_op.drop_column(column)
    op.drop_table("api_tokens")
    op.drop_table("slot_imports")
    with op.batch_alter_table("slots", schema=None) as batch_op:
        batch_op.drop_constraint("uq_slots_center_service_start", type_="unique")
    with op.batch_alter_table("centers", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_centers_code"), type_="unique")
        batch_op.drop_column("code")
