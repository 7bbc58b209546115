"""audit log owned by its own role; the application role may only INSERT and SELECT it

Revision ID: 0005_prod_audit_owner
Revises: 0004_merge

Until now the role the application connects as owned audit_entries, and a table's owner can disable
or drop its append-only trigger. On Postgres this migration hands the table (and the trigger's
function) to `medezy_audit_owner`, a role nobody logs in as, and grants the application's group role
`medezy_app` the usual rights on every table but only SELECT and INSERT on audit_entries. The
application must connect as a login role that is a member of `medezy_app` (and of nothing else), while
migrations run as the database owner: see README "Database roles".

Roles belong to the whole server, so they are created only if missing and never dropped.
"""
from alembic import op

revision = "0005_prod_audit_owner"
down_revision = "0004_merge"
branch_labels = None
depends_on = None

AUDIT_OWNER = "medezy_audit_owner"
APP_ROLE = "medezy_app"

# Two migrations on one server (two databases) may create the same role at once: the loser's
# unique_violation / duplicate_object is the winner's role, which is what both wanted.
CREATE_ROLE = """
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN
        CREATE ROLE {role} NOLOGIN;
    END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
"""

# A migrator that is not a superuser may hand a table only to a role it belongs to, and the new owner
# needs CREATE on the schema; a superuser needs neither.
LET_MIGRATOR_HAND_OVER = f"""
DO $$ BEGIN
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT {AUDIT_OWNER} TO %I', current_user);
        GRANT CREATE ON SCHEMA public TO {AUDIT_OWNER};
    END IF;
END $$;
"""

UPGRADE = f"""
ALTER TABLE audit_entries OWNER TO {AUDIT_OWNER};
ALTER FUNCTION audit_entries_append_only() OWNER TO {AUDIT_OWNER};
GRANT USAGE ON SCHEMA public TO {APP_ROLE};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {APP_ROLE};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE};
REVOKE ALL ON audit_entries FROM PUBLIC, {APP_ROLE};
GRANT SELECT, INSERT ON audit_entries TO {APP_ROLE};
REVOKE ALL ON alembic_version FROM {APP_ROLE};
GRANT SELECT ON alembic_version TO {APP_ROLE};
"""

DOWNGRADE = f"""
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {APP_ROLE};
ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {APP_ROLE};
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE};
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE};
DO $$ BEGIN
    EXECUTE format('ALTER TABLE audit_entries OWNER TO %I', current_user);
    EXECUTE format('ALTER FUNCTION audit_entries_append_only() OWNER TO %I', current_user);
END $$;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(CREATE_ROLE.format(role=AUDIT_OWNER))
    op.execute(CREATE_ROLE.format(role=APP_ROLE))
    op.execute(LET_MIGRATOR_HAND_OVER)
    op.execute(UPGRADE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(DOWNGRADE)
