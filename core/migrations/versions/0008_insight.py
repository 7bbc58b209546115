"""insight: a campaign 'sending' state between the launch request and the queued messages (launches run in
the background); indexes for the dashboard (paid bookings and payments by time) and the funnel (distinct
patients per event and period, read from the index alone); the funnel's rollup (funnel_days) and its
watermark, filled by the worker from the events already there; settlement month runs (one job per center); a
campaign's text in Hindi and Hinglish

Revision ID: 0008_insight
Revises: 0007_merge
Create Date: 2026-12-06
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_insight"
down_revision = "0007_merge"
branch_labels = None
depends_on = None

NAME = "ck_campaigns_campaignstatus"


def upgrade() -> None:
    _states("'draft', 'sending', 'sent', 'cancelled'")
    op.add_column("campaigns", sa.Column("bodies", sa.JSON))  # the template's text in Hindi / Hinglish
    op.create_index("ix_bookings_paid_at", "bookings", ["paid_at"])
    op.create_index("ix_payments_paid_at", "payments", ["paid_at"])
    # user_id in the index: count(DISTINCT user_id) per step and period never touches the table
    op.create_index("ix_analytics_name_at_user", "analytics_events", ["name", "occurred_at", "user_id"])
    op.drop_index("ix_analytics_name_at", table_name="analytics_events")
    _rollup()
    op.create_table(
        "settlement_months",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("period_start", sa.Date, nullable=False),
        sa.Column("period_end", sa.Date, nullable=False),
        sa.Column("requested_by", sa.Integer, sa.ForeignKey("users.id", name="fk_settlement_months_requested_by_users"),
                  nullable=False),
        sa.Column("centers", sa.Integer, nullable=False),
        sa.Column("failures", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.UniqueConstraint("period_start", name="uq_settlement_months_period_start"),
    )


def _rollup() -> None:
    op.create_table(
        "funnel_days",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("city_id", sa.Integer, nullable=False),
        sa.Column("service_id", sa.Integer, nullable=False),
        sa.Column("channel", sa.String(40), nullable=False),
        *(sa.Column(f"prev_{kind}", sa.Date) for kind in ("any", "city", "service", "channel")),
        sa.UniqueConstraint("user_id", "step", "day", "city_id", "service_id", "channel", name="uq_funnel_days_key"),
    )
    op.create_index("ix_funnel_days_step_day", "funnel_days", ["step", "day"])
    op.create_table(
        "funnel_counts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("step", sa.String(40), nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
        sa.Column("prev", sa.Date, nullable=False),
        sa.Column("patients", sa.Integer, nullable=False),
        sa.UniqueConstraint("kind", "day", "step", "value", "prev", name="uq_funnel_counts_key"),
    )
    watermark = op.create_table("funnel_watermark", sa.Column("id", sa.Integer, primary_key=True),
                                sa.Column("last_event_id", sa.BigInteger, nullable=False))
    op.bulk_insert(watermark, [{"id": 1, "last_event_id": 0}])


def downgrade() -> None:
    op.drop_table("settlement_months")
    op.drop_table("funnel_watermark")
    op.drop_table("funnel_counts")
    op.drop_index("ix_funnel_days_step_day", table_name="funnel_days")
    op.drop_table("funnel_days")
    op.create_index("ix_analytics_name_at", "analytics_events", ["name", "occurred_at"])
    op.drop_index("ix_analytics_name_at_user", table_name="analytics_events")
    op.drop_index("ix_payments_paid_at", table_name="payments")
    op.drop_index("ix_bookings_paid_at", table_name="bookings")
    op.execute("UPDATE campaigns SET status = 'draft' WHERE status = 'sending'")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("bodies")
    _states("'draft', 'sent', 'cancelled'")


def _states(values: str) -> None:
    # batch: SQLite cannot drop a CHECK constraint in place, so the table is rebuilt there (PostgreSQL alters it)
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_constraint(op.f(NAME), type_="check")
        batch.create_check_constraint(op.f(NAME), f"status IN ({values})")
