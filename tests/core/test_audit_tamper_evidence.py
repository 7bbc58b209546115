"""The audit chain survives session time zones, resists re-hashing and a deleted tail, and is owned
by a role the application cannot act as."""
import hashlib
import json
import uuid

import psycopg
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, ProgrammingError

from wiring.container import build
from console.cli import main
from core import audit, audit_checkpoint, audit_seal, audit_verify
from core.actors import SYSTEM
from core.db import make_engine, make_session_factory
from core.models import AuditEntry, AuditLink, City
from core.settings import Settings
from core.storage import LocalStorage
from tests import services

KEY = Settings(secret_key="audit-tests").audit_chain_key


def _write(session, n):
    """n entries, committed and sealed (what the sweep does every minute)."""
    for i in range(n):
        audit.record(session, actor=SYSTEM, action="center.verified", entity_type="center", entity_id=i,
                     before={"status": "pending"}, after={"status": "verified"}, reason="docs ok")
    session.commit()
    audit_seal.seal(session)
    session.commit()


def _delete_links(session, condition: str) -> None:
    """Delete chain links and their entries (SQLite has no append-only trigger; an intruder's view)."""
    entries = f"SELECT entry_id FROM audit_chain WHERE {condition}"
    ids = session.scalars(text(entries)).all()
    session.execute(text(f"DELETE FROM audit_chain WHERE {condition}"))
    session.execute(AuditEntry.__table__.delete().where(AuditEntry.id.in_(ids)))
    session.commit()


@pytest.fixture(scope="module")
def own_pg_url():
    """A database of its own: the shared one holds entries chained under other tests' keys."""
    with services.fresh_database("medezy_audit") as url:
        yield url


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path / "files", secret="s", base_url="http://x")


@pytest.fixture
def keyed_sqlite(sqlite_url):
    engine = make_engine(sqlite_url)
    with make_session_factory(engine, audit_key=KEY)() as session:
        yield session
    engine.dispose()


def _pg_factory(url, **engine_kwargs):
    return make_session_factory(make_engine(url, **engine_kwargs), audit_key=KEY)


def test_a_clean_chain_verifies_under_an_indian_session_time_zone(own_pg_url):
    with _pg_factory(own_pg_url)() as s:
        _write(s, 3)
    kolkata = _pg_factory(own_pg_url, connect_args={"options": "-c timezone=Asia/Kolkata"})
    with kolkata() as s:
        assert s.scalar(text("SHOW timezone")) == "Asia/Kolkata"
        _write(s, 2)
        loaded = s.scalars(select(AuditEntry)).first()
        report = audit_verify.verify(s)
    assert report.ok and report.checked >= 5, report.problem
    assert loaded.at.utcoffset().total_seconds() == 0  # loaded times are normalized to UTC


def test_an_entry_rehashed_without_the_key_is_caught(keyed_sqlite):
    _write(keyed_sqlite, 5)
    links = keyed_sqlite.scalars(select(AuditLink).order_by(AuditLink.position)).all()
    keyed_sqlite.execute(update(AuditEntry).where(AuditEntry.id == links[2].entry_id).values(reason="nothing to see"))
    prev = links[1].hash
    for link in links[2:]:  # what an attacker with the database but not the key can do
        link.hash = prev = hashlib.sha256(json.dumps([link.position, "nothing to see", prev]).encode()).hexdigest()
    keyed_sqlite.commit()
    report = audit_verify.verify(keyed_sqlite)
    assert (report.ok, report.broken_at) == (False, 3)


def test_a_chain_written_under_another_key_does_not_verify(sqlite_url):
    with make_session_factory(make_engine(sqlite_url), audit_key=b"someone else")() as s:
        _write(s, 2)
    with make_session_factory(make_engine(sqlite_url), audit_key=KEY)() as s:
        assert audit_verify.verify(s).broken_at == 1


def test_a_deleted_tail_is_caught_by_the_signed_checkpoint(keyed_sqlite, storage):
    _write(keyed_sqlite, 5)
    assert audit_checkpoint.write(keyed_sqlite, storage).seq == 5
    _delete_links(keyed_sqlite, "position >= 4")
    assert audit_verify.verify(keyed_sqlite).ok  # the chain alone cannot tell
    report = audit_checkpoint.verify(keyed_sqlite, storage)
    assert (report.ok, report.broken_at, report.checked) == (False, 4, 3)
    assert "4 to 5 are missing" in report.problem


def test_a_replaced_tail_differs_from_the_checkpoint(keyed_sqlite, storage):
    _write(keyed_sqlite, 3)
    audit_checkpoint.write(keyed_sqlite, storage)
    _delete_links(keyed_sqlite, "position = 3")
    _write(keyed_sqlite, 1)  # a new entry 3, validly keyed, but not the one the checkpoint saw
    report = audit_checkpoint.verify(keyed_sqlite, storage)
    assert report.broken_at == 3 and "checkpoint" in report.problem


def test_a_checkpoint_is_not_overwritten_once_the_chain_lost_its_head(keyed_sqlite, storage):
    _write(keyed_sqlite, 3)
    audit_checkpoint.write(keyed_sqlite, storage)
    _delete_links(keyed_sqlite, "position = 3")
    with pytest.raises(audit_checkpoint.CheckpointError, match="no longer contains entry 3"):
        audit_checkpoint.write(keyed_sqlite, storage)
    assert audit_checkpoint.read(storage, key=KEY).seq == 3


def test_a_forged_checkpoint_is_reported(keyed_sqlite, storage):
    _write(keyed_sqlite, 2)
    audit_checkpoint.write(keyed_sqlite, storage)
    document = json.loads(storage.get(audit_checkpoint.HEAD_KEY))
    storage.put(audit_checkpoint.HEAD_KEY, json.dumps({**document, "seq": 1}).encode(), "application/json")
    report = audit_checkpoint.verify(keyed_sqlite, storage)
    assert not report.ok and "bad signature" in report.problem


def test_checkpoints_follow_the_chain_forward(keyed_sqlite, storage):
    assert audit_checkpoint.write(keyed_sqlite, storage) is None
    _write(keyed_sqlite, 2)
    assert audit_checkpoint.write(keyed_sqlite, storage).seq == 2
    _write(keyed_sqlite, 2)
    assert audit_checkpoint.write(keyed_sqlite, storage).seq == 4
    assert audit_checkpoint.verify(keyed_sqlite, storage).ok


def test_cli_verify_reports_a_tail_deleted_after_a_checkpoint(sqlite_url, tmp_path):
    settings = Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files"), secret_key="cli")
    built = build(settings)
    try:
        with built.uow() as uow:
            _write(uow.session, 4)
        runner = CliRunner()
        assert "entry 4" in runner.invoke(main, ["audit", "checkpoint"], obj=built).output
        assert runner.invoke(main, ["audit", "verify"], obj=built).exit_code == 0
        with built.engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_chain WHERE position = 4"))
        result = runner.invoke(main, ["audit", "verify"], obj=built)
    finally:
        built.engine.dispose()
    assert result.exit_code == 1 and "BROKEN at entry 4" in result.output


def test_the_sweep_seals_and_writes_a_checkpoint(container):
    from wiring.tasks import sweep
    with container.uow() as uow:
        audit.record(uow.session, actor=SYSTEM, action="center.verified", entity_type="center", entity_id=1)
        uow.commit()
    with container.uow() as uow:
        ours = uow.session.scalar(select(func.max(AuditEntry.id)))
    assert sweep(container)["audit_sealed"] >= 1
    checkpoint = audit_checkpoint.read(container.adapters["storage"], key=container.settings.audit_chain_key)
    with container.uow() as uow:
        head = uow.session.scalar(select(func.max(AuditLink.position)))
        # Only what was written before the seal: the sweep's later steps (escalating unconfirmed bookings,
        # notifications) may audit rows other tests left in the shared database, sealed by the next sweep.
        unsealed = uow.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.id <= ours, ~select(AuditLink.entry_id).where(AuditLink.entry_id == AuditEntry.id).exists()))
    assert checkpoint.seq == head and unsealed == 0


# --- the database role the application connects as ------------------------------------------------

@pytest.fixture(scope="module")
def app_role_url(own_pg_url):
    """A plain login role that is a member of medezy_app, as production's application role is."""
    role = f"medezy_app_test_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{role}" LOGIN NOSUPERUSER IN ROLE medezy_app')
    engine = make_engine(own_pg_url.replace("postgres@", f"{role}@"))
    yield engine
    engine.dispose()
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP ROLE "{role}"')


def test_the_application_role_can_do_its_work_and_append_to_the_audit_log(app_role_url):
    with make_session_factory(app_role_url, audit_key=KEY)() as s:
        assert not s.scalar(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        s.add(City(name=f"Nashik {uuid.uuid4().hex[:6]}", slug=uuid.uuid4().hex, state="Maharashtra",
                   state_code="27"))
        _write(s, 2)  # sealing included: the worker connects as this role too
        assert audit_verify.verify(s).ok
        # The dashboard's triggers mark late-changed days as this role; its rollup job rewrites them.
        s.execute(text("INSERT INTO dashboard_stale_days (day) VALUES (current_date)"))
        s.execute(text("DELETE FROM dashboard_stale_days WHERE day = current_date"))


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET reason = 'edited'",
    "DELETE FROM audit_entries",
    "TRUNCATE audit_entries",
    "UPDATE audit_chain SET hash = hash",
    "DELETE FROM audit_chain",
    "TRUNCATE audit_chain",
    "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_update_delete",
    "ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_share_chain_lock",
    "ALTER TABLE audit_chain DISABLE TRIGGER audit_chain_no_update_delete",
    "DROP FUNCTION audit_chain_append_only() CASCADE",
    "DROP TRIGGER audit_entries_no_update_delete ON audit_entries",
    "DROP FUNCTION audit_entries_append_only() CASCADE",
    "SET ROLE medezy_audit_owner",
    "ALTER TABLE audit_entries OWNER TO CURRENT_USER",
])
def test_the_application_role_cannot_tamper_with_the_audit_log(app_role_url, statement):
    with app_role_url.connect() as conn:
        with pytest.raises((ProgrammingError, DBAPIError), match="permission denied|must be owner|must be member"):
            conn.execute(text(statement))


def test_the_audit_tables_belong_to_their_own_role(own_pg_url):
    with make_engine(own_pg_url).connect() as conn:
        owners = conn.scalars(text("SELECT DISTINCT tableowner FROM pg_tables "
                                   "WHERE tablename IN ('audit_entries', 'audit_chain')")).all()
    assert owners == ["medezy_audit_owner"]


def test_the_postgres_guard_still_rejects_the_owner_too(session):
    _write(session, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(update(AuditEntry).values(reason="x"))
