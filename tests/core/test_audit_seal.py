"""The sealer: writers only insert entries, one sealer chains them in batches, never skipping one that a
writer had not committed yet, and `verify` reports entries left unsealed for too long."""
import threading
from datetime import timedelta

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, select, text

from core import audit, audit_checkpoint, audit_seal, audit_verify
from core.actors import SYSTEM, Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.db import Base, make_engine, make_session_factory
from core.migrate import upgrade
from core.models import AuditEntry, AuditLink
from core.settings import Settings
from tests import services
from tests.factories import Factories
from wiring.container import build

WRITERS, TRANSACTIONS = 4, 15


def _record(session, n=1, action="center.verified"):
    for i in range(n):
        audit.record(session, actor=SYSTEM, action=action, entity_type="center", entity_id=i, after={"i": i})


def _chain(session) -> list[tuple[int, int]]:
    return session.execute(select(AuditLink.position, AuditLink.entry_id).order_by(AuditLink.position)).all()


@pytest.fixture(scope="module")
def own_pg_url():
    """A database of its own, so the chain holds only this module's entries."""
    with services.fresh_database("medezy_seal") as url:
        yield url


@pytest.fixture
def pg_factory(own_pg_url):
    engine = make_engine(own_pg_url)
    yield make_session_factory(engine, audit_key=b"seal tests")
    engine.dispose()


def test_entries_are_sealed_in_batches_in_the_order_they_were_written(sqlite_session):
    _record(sqlite_session, 5)
    sqlite_session.commit()
    assert [audit_seal.seal(sqlite_session, limit=2) for _ in range(4)] == [2, 2, 1, 0]
    sqlite_session.commit()
    ids = sqlite_session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
    assert _chain(sqlite_session) == list(enumerate(ids, start=1))
    assert audit_verify.verify(sqlite_session).ok


def test_sealing_again_changes_nothing(sqlite_session):
    _record(sqlite_session, 3)
    sqlite_session.commit()
    audit_seal.seal(sqlite_session)
    sqlite_session.commit()
    chain = _chain(sqlite_session)
    assert audit_seal.seal(sqlite_session) == 0
    sqlite_session.commit()
    assert _chain(sqlite_session) == chain


def test_a_writer_between_its_audit_insert_and_commit_holds_the_sealer_off(pg_factory):
    # The in-flight writer got its entry id first; a sealer that chained the later entry now would never
    # come back for it (it continues after the newest sealed id).
    with pg_factory() as early, pg_factory() as late, pg_factory() as sealer:
        early.execute(AuditEntry.__table__.insert(), {"at": now_utc(), "actor_role": SYSTEM.role, "action": "a.early",
                                                      "entity_type": "center", "entity_id": "1"})
        _record(late, action="a.late")
        late.commit()
        with pytest.raises(audit_seal.SealBusy):
            audit_seal.seal(sealer, lock_wait="200ms")
        sealer.rollback()
        early.commit()
        assert audit_seal.seal(sealer) >= 2
        sealer.commit()
        sealed = sealer.scalars(select(AuditEntry.action).join(AuditLink, AuditLink.entry_id == AuditEntry.id)
                                .order_by(AuditLink.position.desc()).limit(2)).all()
    assert sealed == ["a.late", "a.early"]


def test_a_hold_not_yet_committed_holds_the_sealer_off(pg_factory):
    # A hold writes its audit entry in its own statement, long before the bot's transaction commits.
    with pg_factory() as setup:
        factories = Factories(setup)
        patient, slot = factories.patient(), factories.slot()
        setup.commit()
    with pg_factory() as bot, pg_factory() as sealer:
        held = bookings.hold(bot, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                             patient=bookings.PatientDetails(name="Asha Rao"))
        with pytest.raises(audit_seal.SealBusy):
            audit_seal.seal(sealer, lock_wait="200ms")
        sealer.rollback()
        bot.commit()
        assert audit_seal.seal(sealer) >= 1
        sealer.commit()
        sealed = sealer.scalars(select(AuditEntry.entity_id).join(AuditLink, AuditLink.entry_id == AuditEntry.id)
                                .where(AuditEntry.action == "booking.held")).all()
    assert str(held.id) in sealed


def test_writers_never_wait_for_a_sealer(pg_factory):
    # A writer may keep its entry uncommitted for long (the bot holds a slot, then calls the payment
    # provider): a sealer that queued for the chain lock would queue every other writer behind it.
    with pg_factory() as sealer, pg_factory() as writer:
        _record(sealer)
        sealer.commit()
        audit_seal.seal(sealer)  # its transaction stays open
        writer.execute(text("SET LOCAL lock_timeout = '100ms'"))
        _record(writer, action="a.during_seal")
        writer.commit()
        sealer.commit()
        assert audit_seal.seal(sealer) == 1
        sealer.commit()


def test_concurrent_writers_and_a_running_sealer_lose_no_entry(pg_factory):
    def write():
        for _ in range(TRANSACTIONS):
            with pg_factory() as session:
                _record(session, 2)
                session.commit()

    def seal_until_writers_stop():
        while any(t.is_alive() for t in writers):
            with pg_factory() as session:
                audit_seal.seal(session, limit=7)
                session.commit()

    writers = [threading.Thread(target=write) for _ in range(WRITERS)]
    sealer = threading.Thread(target=seal_until_writers_stop)
    for thread in (*writers, sealer):
        thread.start()
    for thread in (*writers, sealer):
        thread.join()
    with pg_factory() as session:
        while audit_seal.seal(session):
            pass
        session.commit()
        entries = session.scalar(select(func.count()).select_from(AuditEntry))
        positions = session.scalars(select(AuditLink.position).order_by(AuditLink.position)).all()
        report = audit_verify.verify(session)
    assert entries >= WRITERS * TRANSACTIONS * 2
    assert positions == list(range(1, entries + 1))  # every entry sealed once, no gap
    assert report.ok and report.awaiting_seal == 0, report.problem


def test_entries_left_unsealed_past_the_grace_period_are_a_problem(sqlite_session):
    _record(sqlite_session, 2)
    sqlite_session.commit()
    fresh = audit_verify.verify(sqlite_session)
    assert fresh.ok and fresh.awaiting_seal == 2
    stale = audit_verify.verify(sqlite_session, now=now_utc() + timedelta(minutes=11))
    assert not stale.ok and stale.broken_at is None and "2 audit entries" in stale.problem
    audit_seal.seal(sqlite_session)
    sqlite_session.commit()
    assert audit_verify.verify(sqlite_session, now=now_utc() + timedelta(minutes=11)).ok


def test_a_chain_written_before_the_sealer_still_verifies(tmp_path):
    """Migration 0008 moves the old in-row chain (seq, prev_hash, hash) into audit_chain unchanged."""
    url = f"sqlite:///{tmp_path / 'old.db'}"
    upgrade(url, "0007_merge")
    engine = make_engine(url)
    prev = audit.GENESIS_HASH
    with engine.begin() as conn:
        for seq in (1, 2, 3):
            entry = AuditEntry(at=now_utc(), actor_role=SYSTEM.role, action="center.verified", entity_type="center",
                               entity_id=str(seq), after={"status": "verified"})
            digest = audit.entry_hash(entry, position=seq, prev_hash=prev, key=audit.UNKEYED)
            conn.execute(text("INSERT INTO audit_entries (at, actor_role, action, entity_type, entity_id, after, seq, "
                              "prev_hash, hash) VALUES (:at, 'system', 'center.verified', 'center', :eid, "
                              "'{\"status\": \"verified\"}', :seq, :prev, :hash)"),
                         {"at": entry.at.strftime("%Y-%m-%d %H:%M:%S.%f"), "eid": str(seq), "seq": seq,
                          "prev": prev, "hash": digest})
            prev = digest
    engine.dispose()
    upgrade(url)
    engine = make_engine(url)
    with make_session_factory(engine)() as session:
        report = audit_verify.verify(session)
        _record(session)
        session.commit()
        audit_seal.seal(session)
        session.commit()
        after_new = audit_verify.verify(session)
    engine.dispose()
    assert (report.ok, report.checked, after_new.ok, after_new.checked) == (True, 3, True, 4)


def test_the_embedded_default_seals_and_checkpoints_in_its_minute_sweep(sqlite_url, tmp_path):
    """`make demo` runs wiring.tasks.sweep every minute on a thread, as the worker does: it seals too."""
    from wiring.tasks import sweep
    container = build(Settings(database_url=sqlite_url, storage_dir=str(tmp_path / "files"), secret_key="demo"))
    try:
        with container.uow() as uow:
            _record(uow.session, 3)
            uow.commit()
        assert sweep(container)["audit_sealed"] == 3
        with container.uow() as uow:
            report = audit_checkpoint.verify(uow.session, container.adapters["storage"])
    finally:
        container.engine.dispose()
    assert report.ok and (report.checked, report.awaiting_seal) == (3, 0)


def test_the_share_lock_trigger_uses_the_chain_lock_of_core(own_pg_url):
    with make_engine(own_pg_url).connect() as conn:
        body = conn.scalar(text("SELECT prosrc FROM pg_proc WHERE proname = 'audit_entries_share_chain_lock'"))
    assert f"pg_advisory_xact_lock_shared({audit.CHAIN_LOCK})" in body


@pytest.mark.parametrize("url_fixture", ["pg_url", "sqlite_url"])
def test_the_audit_and_bookings_tables_match_their_models(request, url_fixture):
    engine = make_engine(request.getfixturevalue(url_fixture))
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    engine.dispose()
    ours = [d for d in diff if any(name in str(d) for name in ("audit_entries", "audit_chain", "bookings"))]
    assert ours == []
