"""The audit chain's one sealer: appends the entries written since the last seal to `audit_chain`.

Writers only insert entries (core.audit). `seal` waits for the writers in flight (below), reads the
chain's head, and appends the next entries in id order: one link each (position, entry id, keyed hash
over the entry, its position and the previous hash), inserted in one statement. Links are never
updated, so the application's database role needs no UPDATE right on either audit table.

Why "every entry above the newest sealed id" finds every unsealed entry: on Postgres, writers hold the
chain lock in share mode from their audit INSERT until commit (a trigger, migration 0008_prod; the trigger
fires before the INSERT draws ids from the sequence). The sealer notes the newest committed entry id,
then waits for the transactions that hold the chain lock at that moment to end. Every lower id was drawn
earlier, so its writer has then either committed (its entry is visible) or rolled back; the sealer chains
up to that id only. The sealer never takes the chain lock itself: a writer that keeps its transaction open
(the bot holds a slot, then asks the payment provider for a link) delays the seal, never another writer.
On SQLite every writing transaction (the sealer's too) already runs alone (BEGIN IMMEDIATE).
Sealers take SEALER_LOCK one at a time; the primary key on position stops a fork even without it.
"""
from __future__ import annotations

import time
from datetime import datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core import audit
from core.clock import now_utc
from core.errors import DomainError
from core.models.audit import AuditEntry, AuditLink

SEAL_LIMIT = 2000  # entries per transaction
LOCK_WAIT = "5s"  # a seal still waiting for writers (or another sealer) after this gives up; the next sweep seals
SEALER_LOCK = 0x4D45445B  # advisory lock key that sealers take one at a time (writers never take it)
POLL_SECONDS = 0.05  # how often a waiting sealer reads pg_locks (each read briefly locks the whole lock table)

# The transactions holding the chain lock now (the trigger takes it in share mode), other than the sealer's.
_WRITERS_IN_FLIGHT = text("""
SELECT virtualtransaction FROM pg_locks
WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = :key AND objsubid = 1
  AND pid <> pg_backend_pid() AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
""")


class SealBusy(DomainError):
    """Writers kept their entries uncommitted (or another sealer ran) for the whole wait; the next sweep seals."""


def seal(session: Session, *, limit: int = SEAL_LIMIT, now: datetime | None = None,
         lock_wait: str = LOCK_WAIT) -> int:
    """Chain up to `limit` unsealed entries, oldest first, in the caller's transaction; returns how many."""
    newest_committed_id = _settled_horizon(session, lock_wait)
    position, prev_hash, newest_sealed_id = head(session)
    entries = session.execute(select(AuditEntry.__table__)
                              .where(AuditEntry.id > newest_sealed_id, AuditEntry.id <= newest_committed_id)
                              .order_by(AuditEntry.id).limit(limit)).all()
    key, now, links = audit.chain_key(session), now or now_utc(), []
    for entry in entries:
        position += 1
        prev_hash = audit.entry_hash(entry, position=position, prev_hash=prev_hash, key=key)
        links.append({"position": position, "entry_id": entry.id, "hash": prev_hash, "sealed_at": now})
    if links:
        session.execute(insert(AuditLink.__table__), links)
    return len(links)


def head(session: Session) -> tuple[int, str, int]:
    """(position, hash) of the newest link, and the highest entry id sealed; (0, genesis, 0) when empty."""
    newest_id = select(func.max(AuditLink.entry_id)).scalar_subquery()
    row = session.execute(select(AuditLink.position, AuditLink.hash, newest_id)
                          .order_by(AuditLink.position.desc()).limit(1)).first()
    return (row[0], row[1], row[2]) if row else (0, audit.GENESIS_HASH, 0)


def _settled_horizon(session: Session, lock_wait: str) -> int:
    """The newest entry id below which no entry can still be committed (waits for writers in flight)."""
    newest_id = session.scalar(select(func.coalesce(func.max(AuditEntry.id), 0)))
    if session.get_bind().dialect.name != "postgresql":
        return newest_id
    _take_sealer_lock(session, lock_wait)
    deadline = time.monotonic() + _seconds(lock_wait)
    in_flight = set(session.scalars(_WRITERS_IN_FLIGHT, {"key": audit.CHAIN_LOCK}))
    while in_flight:
        if time.monotonic() > deadline:
            raise SealBusy(f"writers kept audit entries uncommitted for {lock_wait}; the next sweep seals")
        time.sleep(POLL_SECONDS)
        in_flight &= set(session.scalars(_WRITERS_IN_FLIGHT, {"key": audit.CHAIN_LOCK}))
    return newest_id


def _take_sealer_lock(session: Session, lock_wait: str) -> None:
    session.execute(text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": lock_wait})
    try:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SEALER_LOCK})
    except OperationalError as error:  # lock_timeout: LockNotAvailable
        raise SealBusy(f"another sealer kept running for {lock_wait}; the next sweep seals") from error


def _seconds(wait: str) -> float:
    """'5s' or '200ms' (Postgres' lock_timeout spelling) in seconds."""
    return int(wait[:-2]) / 1000 if wait.endswith("ms") else float(wait.rstrip("s"))
