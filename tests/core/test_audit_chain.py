"""The audit log is written with the change, chained by the sealer, and append-only on Postgres."""
import sqlite3

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError

from console.cli import main
from core import audit, audit_seal, audit_verify
from core.actors import SYSTEM
from core.models import AuditEntry, AuditLink
from core.settings import Settings
from wiring.container import build


def _write(session, n, action="center.verified"):
    for i in range(n):
        audit.record(session, actor=SYSTEM, action=action, entity_type="center", entity_id=i,
                     before={"status": "pending"}, after={"status": "verified"}, reason="docs ok")
    session.commit()


def _write_and_seal(session, n):
    _write(session, n)
    audit_seal.seal(session)
    session.commit()


def _entry_at(session, position: int) -> int:
    return session.scalar(select(AuditLink.entry_id).where(AuditLink.position == position))


def test_sealed_entries_link_to_their_predecessor(any_session):
    _write_and_seal(any_session, 3)
    links = any_session.execute(select(AuditLink, AuditEntry).join(AuditEntry, AuditEntry.id == AuditLink.entry_id)
                                .order_by(AuditLink.position.desc()).limit(4)).all()[::-1]
    key = audit.chain_key(any_session)
    for (prev, _), (link, entry) in zip(links, links[1:]):
        assert link.position == prev.position + 1 and link.entry_id > prev.entry_id
        assert link.hash == audit.entry_hash(entry, position=link.position, prev_hash=prev.hash, key=key)


def test_writers_leave_the_chain_to_the_sealer(any_session):
    links = any_session.scalar(select(func.count()).select_from(AuditLink))
    _write(any_session, 2)
    assert any_session.scalar(select(func.count()).select_from(AuditLink)) == links
    assert audit_seal.seal(any_session) >= 2


def test_rolled_back_changes_leave_no_audit_entry(session):
    before = len(session.scalars(select(AuditEntry)).all())
    audit.record(session, actor=SYSTEM, action="x.y", entity_type="center", entity_id=1)
    session.rollback()
    session.commit()
    assert len(session.scalars(select(AuditEntry)).all()) == before


def test_verify_reports_the_first_altered_entry(sqlite_session):
    _write_and_seal(sqlite_session, 5)
    sqlite_session.execute(update(AuditEntry).where(AuditEntry.id == _entry_at(sqlite_session, 3))
                           .values(reason="nothing to see"))
    sqlite_session.commit()
    report = audit_verify.verify(sqlite_session)
    assert (report.ok, report.broken_at, report.checked) == (False, 3, 2)
    assert "altered" in report.problem


def test_verify_reports_a_missing_link(sqlite_session):
    _write_and_seal(sqlite_session, 4)
    sqlite_session.execute(text("DELETE FROM audit_chain WHERE position = 2"))
    sqlite_session.commit()
    report = audit_verify.verify(sqlite_session)
    assert report.broken_at == 2 and "entry 2 is missing" in report.problem


def test_verify_reports_a_sealed_entry_deleted_behind_the_chains_back(sqlite_session):
    _write_and_seal(sqlite_session, 3)
    victim = _entry_at(sqlite_session, 2)
    sqlite_session.commit()
    with sqlite3.connect(sqlite_session.get_bind().url.database) as raw:  # foreign keys off: as an intruder might
        raw.execute("DELETE FROM audit_entries WHERE id = ?", (victim,))
    report = audit_verify.verify(sqlite_session)
    assert report.broken_at == 2 and f"audit entry id {victim}) was deleted" in report.problem


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entries SET reason = 'edited'",
    "DELETE FROM audit_entries",
    "TRUNCATE audit_entries CASCADE",
    "UPDATE audit_chain SET hash = md5(hash) || md5(hash)",
    "DELETE FROM audit_chain",
    "TRUNCATE audit_chain",
])
def test_postgres_refuses_to_change_audit_entries_or_their_chain(session, statement):
    _write_and_seal(session, 1)
    with pytest.raises(DBAPIError, match="append-only"):
        session.execute(text(statement))


def test_cli_audit_verify_exits_nonzero_on_a_broken_chain(sqlite_url):
    container = build(Settings(database_url=sqlite_url, secret_key="cli-test"))
    with container.session_factory() as s:  # written under the same key the command verifies with
        _write_and_seal(s, 3)
        s.execute(update(AuditEntry).where(AuditEntry.id == _entry_at(s, 2)).values(action="tampered"))
        s.commit()
    result = CliRunner().invoke(main, ["audit", "verify"], obj=container)
    container.engine.dispose()
    assert result.exit_code == 1
    assert "BROKEN at entry 2" in result.output
