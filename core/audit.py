"""Hash-chained audit log.

`record` queues an entry on the session; a before_commit hook chains and inserts the queued entries
just before the transaction commits. Chaining late keeps the global chain lock (an advisory lock on
Postgres) held for milliseconds instead of for the whole business transaction.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from core.actors import Actor
from core.db import utcnow
from core.models.audit import AuditEntry

GENESIS_HASH = "0" * 64
_CHAIN_LOCK_KEY = 0x4D45445A  # "MEDZ": one advisory lock serialises chain appends on Postgres
_PENDING = "medezy_audit_pending"


def record(session: Session, *, actor: Actor, action: str, entity_type: str, entity_id: object,
           before: dict | None = None, after: dict | None = None, reason: str | None = None) -> None:
    """Queue an audit entry; it is written in this transaction, just before commit."""
    session.info.setdefault(_PENDING, []).append(AuditEntry(
        at=utcnow(), actor_id=actor.user_id, actor_role=actor.role, action=action,
        entity_type=entity_type, entity_id=str(entity_id), before=before, after=after, reason=reason,
    ))


def entry_hash(entry: AuditEntry) -> str:
    """The hash of an entry's content together with the previous entry's hash."""
    body = {
        "seq": entry.seq, "at": entry.at.isoformat(), "actor_id": entry.actor_id,
        "actor_role": entry.actor_role.value, "action": entry.action,
        "entity_type": entry.entity_type, "entity_id": entry.entity_id, "before": entry.before,
        "after": entry.after, "reason": entry.reason, "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


@event.listens_for(Session, "before_commit")
def _seal_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK_KEY})
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    for entry in pending:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = entry_hash(entry)
        session.add(entry)
    session.flush()


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_seq: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.broken_seq is None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first entry whose link or content does not match."""
    prev, expected_seq, checked = GENESIS_HASH, 1, 0
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in session.scalars(query):
        problem = _link_problem(entry, expected_seq, prev)
        if problem:
            return ChainReport(checked=checked, broken_seq=entry.seq, problem=problem)
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    return ChainReport(checked=checked)


def _link_problem(entry: AuditEntry, expected_seq: int, prev: str) -> str | None:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (found {entry.seq})"
    if entry.prev_hash != prev:
        return f"entry {entry.seq} does not point at entry {entry.seq - 1}"
    if entry_hash(entry) != entry.hash:
        return f"entry {entry.seq} was altered after it was written"
    return None


def snapshot(obj: object, *fields: str) -> dict:
    """A JSON-safe picture of some attributes, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.value if hasattr(value, "value") else (
            value.isoformat() if isinstance(value, datetime) else value)
    return out
