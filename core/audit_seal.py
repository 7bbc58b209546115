"""The audit chain's one sealer: appends the entries written since the last seal to `audit_chain`.

Writers only insert entries (core.audit). `seal` takes the chain lock exclusively, reads the chain's
head, and appends the next entries in id order: one link each (position, entry id, keyed hash over the
entry, its position and the previous hash), inserted in one statement. Links are never updated, so the
application's database role needs no UPDATE right on either audit table.

Why "every entry above the newest sealed id" finds every unsealed entry: on Postgres, writers hold the
chain lock in share mode from their audit INSERT until commit (a trigger, migration 0008_prod), so once
the sealer holds it no entry is written but uncommitted, and every later entry gets a higher id from the
sequence. On SQLite every writing transaction (the sealer's too) already runs alone (BEGIN IMMEDIATE).
A second sealer waits for the lock; the primary key on position stops a fork even without it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from core import audit
from core.clock import now_utc
from core.errors import DomainError
from core.models.audit import AuditEntry, AuditLink

SEAL_LIMIT = 2000  # entries per transaction: writers' audit INSERTs queue behind a running seal
LOCK_WAIT = "5s"  # a seal that cannot get the lock gives up, rather than stall every writer behind it


class SealBusy(DomainError):
    """The chain lock stayed taken (a long transaction holds it); the next sweep seals."""


def seal(session: Session, *, limit: int = SEAL_LIMIT, now: datetime | None = None,
         lock_wait: str = LOCK_WAIT) -> int:
    """Chain up to `limit` unsealed entries, oldest first, in the caller's transaction; returns how many."""
    _take_chain_lock(session, lock_wait)
    position, prev_hash, newest_sealed_id = head(session)
    entries = session.execute(select(AuditEntry.__table__).where(AuditEntry.id > newest_sealed_id)
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


def _take_chain_lock(session: Session, lock_wait: str) -> None:
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("SELECT set_config('lock_timeout', :wait, true)"), {"wait": lock_wait})
    try:
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": audit.CHAIN_LOCK})
    except OperationalError as error:  # lock_timeout: LockNotAvailable
        raise SealBusy(f"the audit chain lock stayed taken for {lock_wait}; the next sweep seals") from error
