"""family members a patient books for; bookings may name one

Revision ID: 0005_family
Revises: 0005_ticket_queue
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0005_family"
down_revision = "0005_ticket_queue"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = core.db.UTCDateTime(timezone=True)
    op.create_table(
        "family_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("relation", sa.String(length=40), nullable=False),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("sex", sa.Enum("female", "male", "other", name="sex", native_enum=False, create_constraint=True,
                                 length=10), nullable=True),
        sa.Column("created_at", when, nullable=False),
        sa.Column("removed_at", when, nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"], name=op.f("fk_family_members_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_family_members")),
    )
    op.create_index(op.f("ix_family_members_owner_id"), "family_members", ["owner_id"])
    with op.batch_alter_table("bookings") as batch:
        batch.add_column(sa.Column("family_member_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_bookings_family_member_id_family_members"), "family_members",
                                 ["family_member_id"], ["id"])


def downgrade() -> None:
    with op.batch_alter_table("bookings") as batch:
        batch.drop_constraint(op.f("fk_bookings_family_member_id_family_members"), type_="foreignkey")
        batch.drop_column("family_member_id")
    op.drop_index(op.f("ix_family_members_owner_id"), table_name="family_members")
    op.drop_table("family_members")
