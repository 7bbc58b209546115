"""The audit log is hash-chained, written with the change, and append-only on Postgres."""
import pytest
from click.testing import CliRunner
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError

from console.cli import main
from core import audit
from core.actors import SYSTEM
from core.models import AuditEntry
from core.settings import Settings
from wiring.container import build


def _write(session, n, action="center.verified"):
    for i in range(n):
        audit.record(session, actor=SYSTEM, action=action, entity_type="center", entity_id=i,
                     before={"status": "pending"}, after={"status": "verified"}, reason="docs ok")
    session.commit()


def test_entries_link_to_their_predecessor(any_session):
    _write(any_session, 3)
    entries = any_session.scalars(select(AuditEntry).order_by(AuditEntry.seq)).all()
    for prev, entry in zip(entries, entries[1:]):
        assert entry.prev_hash == prev.hash and entry.seq == prev.seq + 1
    # the shared test database also holds entries chained under other tests' keys: check ours only
    key = audit.chain_key(any_session)
    assert all(audit.entry_hash(entry, key) == entry.hash for entry in entries[-3:])


def test_rolled_back_changes_leave_no_audit_entry(session):
    before = len(session.scalars(select(AuditEntry)).all())
    audit.record(session, actor=SYSTEM, action="x.y", entity_type="center", entity_id=1)
    session.rollback()
    session.commit()
    assert len(session.scalars(select(AuditEntry)).all()) == before


def test_verify_reports_the_first_altered_entry(sqlite_session):
    _write(sqlite_session, 5)
    sqlite_session.execute(update(AuditEntry).where(AuditEntry.seq == 3).values(reason="nothing to see"))
    sqlite_session.commit()
    report = audit.verify(sqlite_session)
    assert (report.ok, report.broken_seq, report.checked) == (False, 3, 2)
    assert "altered" in report.problem


def test_verify_reports_a_deleted_entry(sqlite_session):
    _write(sqlite_session, 4)
    sqlite_session.execute(text("DELETE FROM audit_entries WHERE seq = 2"))
    sqlite_session.commit()
    report = audit.verify(sqlite_session)
    assert report.broken_seq == 3 and "missing" in report.problem


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET reason = 'edited'",
    "DELETE FROM audit_entries",
    "TRUNCATE audit_entries",
])
def test_postgres_refuses_to_change_audit_entries(session, statement):
    _write(session, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))


def test_cli_audit_verify_exits_nonzero_on_a_broken_chain(sqlite_url):
    container = build(Settings(database_url=sqlite_url, secret_key="cli-test"))
    with container.session_factory() as s:  # written under the same key the command verifies with
        _write(s, 3)
        s.execute(update(AuditEntry).where(AuditEntry.seq == 2).values(action="tampered"))
        s.commit()
    result = CliRunner().invoke(main, ["audit", "verify"], obj=container)
    container.engine.dispose()
    assert result.exit_code == 1
    assert "BROKEN at entry 2" in result.output
