"""dashboard: a daily rollup of its figures (dashboard_days), the days changed after they were rolled up
(dashboard_stale_days, written by triggers on the source tables) and the rollup's watermark

Revision ID: 0010_dashboard_rollup
Revises: 0009_merge
Create Date: 2026-12-06

A closed day's figures can still change: a payment captured or refunded late, a refund processed, an invoice
line added, a booking moved to another center or scan. The triggers mark every day such a change touches, in
the changing transaction, so the dashboard reads those days live until the worker re-rolls them. They are
statement triggers with transition tables (one INSERT per statement, not per row) and are Postgres-only: on
SQLite (the embedded default, small) the dashboard reads every day live.
"""
import sqlalchemy as sa
from alembic import op

revision = "0010_dashboard_rollup"
down_revision = "0009_merge"
branch_labels = None
depends_on = None


def _ist(column: str) -> str:
    return f"({column} AT TIME ZONE 'Asia/Kolkata')::date"


# Per source table: the columns the figures read, and the days a set of its rows ({rows}) counts on.
SOURCES = {
    "bookings": ("paid_at, center_id, service_id, price_paise",
                 f"SELECT {_ist('x.paid_at')} FROM {{rows}} x"
                 # the booking's center also places its payments' GMV and its refunds
                 f" UNION SELECT {_ist('p.paid_at')} FROM {{rows}} x JOIN payments p ON p.booking_id = x.id"
                 f" UNION SELECT {_ist('r.processed_at')} FROM {{rows}} x JOIN refunds r ON r.booking_id = x.id"),
    "payments": ("paid_at, status, amount_paise, booking_id", f"SELECT {_ist('x.paid_at')} FROM {{rows}} x"),
    "refunds": ("processed_at, status, amount_paise, booking_id", f"SELECT {_ist('x.processed_at')} FROM {{rows}} x"),
    "invoices": ("issued_at, center_id", f"SELECT {_ist('x.issued_at')} FROM {{rows}} x"),
    "invoice_lines": ("invoice_id, exempt, total_paise",
                      f"SELECT {_ist('i.issued_at')} FROM {{rows}} x JOIN invoices i ON i.id = x.invoice_id"),
}
MARK = "INSERT INTO dashboard_stale_days (day) SELECT DISTINCT d FROM ({days}) AS t(d) WHERE d IS NOT NULL;"
FUNCTION = """
CREATE FUNCTION dashboard_stale_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {on_insert}
    ELSIF TG_OP = 'DELETE' THEN
        {on_delete}
    ELSE
        WITH changed AS (SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id
                         WHERE ({o_columns}) IS DISTINCT FROM ({n_columns})),
             before AS (SELECT o.* FROM old_rows o JOIN changed USING (id)),
             after AS (SELECT n.* FROM new_rows n JOIN changed USING (id))
        {on_update}
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER dashboard_stale_{table}_insert AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_stale_{table}();
CREATE TRIGGER dashboard_stale_{table}_update AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION dashboard_stale_{table}();
CREATE TRIGGER dashboard_stale_{table}_delete AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION dashboard_stale_{table}();
"""


def _triggers(table: str, columns: str, days: str) -> str:
    names = [c.strip() for c in columns.split(",")]
    return FUNCTION.format(
        table=table, on_insert=MARK.format(days=days.format(rows="new_rows")),
        on_delete=MARK.format(days=days.format(rows="old_rows")),
        o_columns=", ".join(f"o.{c}" for c in names), n_columns=", ".join(f"n.{c}" for c in names),
        on_update=MARK.format(days=f"{days.format(rows='before')} UNION {days.format(rows='after')}"))


def upgrade() -> None:
    op.create_table(
        "dashboard_days",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("center_id", sa.Integer, primary_key=True),
        sa.Column("service_id", sa.Integer, primary_key=True),
        *(sa.Column(name, kind, nullable=False) for name, kind in (
            ("bookings", sa.Integer), ("booking_paise", sa.BigInteger), ("gmv_paise", sa.BigInteger),
            ("fees_paise", sa.BigInteger), ("refunds_paise", sa.BigInteger))),
    )
    op.create_table("dashboard_stale_days", sa.Column("id", sa.BigInteger().with_variant(sa.Integer, "sqlite"),
                                                      primary_key=True),
                    sa.Column("day", sa.Date, nullable=False))
    op.create_index("ix_dashboard_stale_days_day", "dashboard_stale_days", ["day"])
    watermark = op.create_table("dashboard_watermark", sa.Column("id", sa.Integer, primary_key=True),
                                sa.Column("rolled_through", sa.Date))
    op.bulk_insert(watermark, [{"id": 1, "rolled_through": None}])
    if op.get_bind().dialect.name == "postgresql":
        for table, (columns, days) in SOURCES.items():
            op.execute(_triggers(table, columns, days))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in SOURCES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER dashboard_stale_{table}_{event} ON {table}")
            op.execute(f"DROP FUNCTION dashboard_stale_{table}()")
    op.drop_table("dashboard_watermark")
    op.drop_index("ix_dashboard_stale_days_day", table_name="dashboard_stale_days")
    op.drop_table("dashboard_stale_days")
    op.drop_table("dashboard_days")
