"""the audit chain moves to its own append-only table, filled by one sealer; bookings keyset index

Revision ID: 0008_prod
Revises: 0007_merge

Until now every writing transaction took one global lock to append its audit entries to the chain, so
writers ran one at a time. Now writers only INSERT entries; the sealer (core.audit_seal) appends them to
`audit_chain` (position, entry id, keyed hash). The existing chain moves there unchanged: its hashes
cover (seq, content, previous hash), and a link's position is the old seq.

On Postgres `audit_chain` is append-only and owned by medezy_audit_owner like audit_entries, with
SELECT and INSERT only for medezy_app; a statement trigger makes every INSERT into audit_entries hold
the chain lock in share mode until commit, which tells the sealer that no entry is in flight once it
holds the lock itself.

The bookings lists page by keyset on id (newest first), per center too: (center_id, id) replaces the
index on center_id alone.
"""
import sqlalchemy as sa
from alembic import op

revision = "0008_prod"
down_revision = "0007_merge"
branch_labels = None
depends_on = None

AUDIT_OWNER = "medezy_audit_owner"
APP_ROLE = "medezy_app"
CHAIN_LOCK = 0x4D45445A  # core.audit.CHAIN_LOCK (tests/core/test_audit_seal.py checks they agree)

CHAIN_GUARD = f"""
CREATE FUNCTION audit_chain_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % rejected', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_chain_no_update_delete BEFORE UPDATE OR DELETE ON audit_chain
    FOR EACH ROW EXECUTE FUNCTION audit_chain_append_only();
CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain
    FOR EACH STATEMENT EXECUTE FUNCTION audit_chain_append_only();

CREATE FUNCTION audit_entries_share_chain_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock_shared({CHAIN_LOCK});
    RETURN NULL;
END $$;
CREATE TRIGGER audit_entries_share_chain_lock BEFORE INSERT ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_share_chain_lock();

ALTER TABLE audit_chain OWNER TO {AUDIT_OWNER};
ALTER FUNCTION audit_chain_append_only() OWNER TO {AUDIT_OWNER};
ALTER FUNCTION audit_entries_share_chain_lock() OWNER TO {AUDIT_OWNER};
REVOKE ALL ON audit_chain FROM PUBLIC, {APP_ROLE};
GRANT SELECT, INSERT ON audit_chain TO {APP_ROLE};
"""

DROP_CHAIN_GUARD = """
DROP TRIGGER audit_entries_share_chain_lock ON audit_entries;
DROP FUNCTION audit_entries_share_chain_lock();
DROP TRIGGER audit_chain_no_truncate ON audit_chain;
DROP TRIGGER audit_chain_no_update_delete ON audit_chain;
DROP FUNCTION audit_chain_append_only();
"""


def upgrade() -> None:
    op.create_table(
        "audit_chain",
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.Column("sealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("position", name=op.f("pk_audit_chain")),
        sa.UniqueConstraint("entry_id", name=op.f("uq_audit_chain_entry_id")),
        sa.UniqueConstraint("hash", name=op.f("uq_audit_chain_hash")),
    )
    op.execute("INSERT INTO audit_chain (position, entry_id, hash, sealed_at) "
               "SELECT seq, id, hash, at FROM audit_entries ORDER BY seq")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_constraint("uq_audit_entries_seq", type_="unique")
        batch.drop_constraint("uq_audit_entries_hash", type_="unique")
        batch.drop_column("seq")
        batch.drop_column("prev_hash")
        batch.drop_column("hash")
    # Only now: on SQLite the batch above rebuilds audit_entries, and a table referenced by rows cannot be dropped.
    with op.batch_alter_table("audit_chain") as batch:
        batch.create_foreign_key("fk_audit_chain_entry_id_audit_entries", "audit_entries", ["entry_id"], ["id"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CHAIN_GUARD)
    with op.batch_alter_table("bookings") as batch:
        batch.create_index("ix_bookings_center_id_id", ["center_id", "id"])
        batch.drop_index("ix_bookings_center_id")


def downgrade() -> None:
    bind = op.get_bind()
    unsealed = bind.execute(sa.text("SELECT count(*) FROM audit_entries e WHERE NOT EXISTS "
                                    "(SELECT 1 FROM audit_chain c WHERE c.entry_id = e.id)")).scalar_one()
    if unsealed:
        raise RuntimeError(f"{unsealed} audit entries are not sealed yet: run `medezy audit seal` first")
    with op.batch_alter_table("bookings") as batch:
        batch.create_index("ix_bookings_center_id", ["center_id"])
        batch.drop_index("ix_bookings_center_id_id")
    if bind.dialect.name == "postgresql":
        op.execute(DROP_CHAIN_GUARD)
    with op.batch_alter_table("audit_chain") as batch:  # SQLite: before audit_entries is rebuilt (see upgrade)
        batch.drop_constraint("fk_audit_chain_entry_id_audit_entries", type_="foreignkey")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete")
    with op.batch_alter_table("audit_entries") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("prev_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("hash", sa.String(length=64), nullable=True))
    op.execute(f"""UPDATE audit_entries SET
        seq = (SELECT c.position FROM audit_chain c WHERE c.entry_id = audit_entries.id),
        hash = (SELECT c.hash FROM audit_chain c WHERE c.entry_id = audit_entries.id),
        prev_hash = COALESCE((SELECT p.hash FROM audit_chain c JOIN audit_chain p ON p.position = c.position - 1
                              WHERE c.entry_id = audit_entries.id), '{"0" * 64}')""")
    if bind.dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_update_delete")
    with op.batch_alter_table("audit_entries") as batch:
        for column in ("seq", "prev_hash", "hash"):
            batch.alter_column(column, nullable=False)
        batch.create_unique_constraint("uq_audit_entries_seq", ["seq"])
        batch.create_unique_constraint("uq_audit_entries_hash", ["hash"])
    op.drop_table("audit_chain")
