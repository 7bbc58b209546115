"""tickets: closed state, source, SLA due times, notes, canned replies, agent presence

Revision ID: 0005_ticket_queue
Revises: 0005_content
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa
import core.db

revision = "0005_ticket_queue"
down_revision = "0005_content"
branch_labels = None
depends_on = None

OLD = ("open", "pending", "resolved")
NEW = OLD + ("closed",)


def _status_check(values: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{v}'" for v in values) + ")"


def upgrade() -> None:
    when = core.db.UTCDateTime(timezone=True)
    with op.batch_alter_table("tickets") as batch:
        batch.drop_constraint(op.f("ck_tickets_ticketstatus"), type_="check")
        batch.create_check_constraint("ticketstatus", _status_check(NEW))
        batch.add_column(sa.Column("source", sa.String(length=20), nullable=False, server_default="bot"))
        batch.add_column(sa.Column("pending_reason", sa.String(length=200), nullable=True))
        for name in ("first_response_at", "first_response_due_at", "resolution_due_at", "closed_at"):
            batch.add_column(sa.Column(name, when, nullable=True))
    op.create_table(
        "ticket_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("internal", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", when, nullable=False),
        sa.ForeignKeyConstraint(["ticket_id"], ["tickets.id"], name=op.f("fk_ticket_notes_ticket_id_tickets")),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name=op.f("fk_ticket_notes_author_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_notes")),
    )
    op.create_index(op.f("ix_ticket_notes_ticket_id"), "ticket_notes", ["ticket_id"])
    op.create_table(
        "canned_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=80), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_canned_replies")),
        sa.UniqueConstraint("title", name=op.f("uq_canned_replies_title")),
    )
    op.create_table(
        "agent_presence",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("online_until", when, nullable=False),
        sa.Column("max_open", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_agent_presence_user_id_users")),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_agent_presence")),
    )


def downgrade() -> None:
    op.drop_table("agent_presence")
    op.drop_table("canned_replies")
    op.drop_index(op.f("ix_ticket_notes_ticket_id"), table_name="ticket_notes")
    op.drop_table("ticket_notes")
    with op.batch_alter_table("tickets") as batch:
        for name in ("closed_at", "resolution_due_at", "first_response_due_at", "first_response_at",
                     "pending_reason", "source"):
            batch.drop_column(name)
        batch.drop_constraint(op.f("ck_tickets_ticketstatus"), type_="check")
        batch.create_check_constraint("ticketstatus", _status_check(OLD))
