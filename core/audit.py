"""Hash-chained audit log, keyed with an HMAC key the database does not hold.

`record` queues an entry on the session; a before_commit hook chains and inserts the queued entries
just before the transaction commits. Chaining late keeps the global chain lock (an advisory lock on
Postgres) held for milliseconds instead of for the whole business transaction.

Each entry's hash is HMAC-SHA256 over a canonical form (times in UTC, sorted keys) that includes the
previous entry's hash. Without the key nobody who can write the database can re-hash a chain after
altering an entry; a missing tail is caught by the signed checkpoints in core.audit_checkpoint.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from core.actors import Actor
from core.db import AUDIT_KEY_INFO, utcnow
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


# Sessions made outside a composition root (tests, benchmarks, one-off scripts) have no configured key and
# chain under this public one. Every process wiring builds passes settings.audit_chain_key, and production
# refuses to start without a secret key, so no production chain is ever written under it.
UNKEYED = b"medezy audit chain: no key configured"


def chain_key(session: Session) -> bytes:
    """The key the session's factory was given (wiring passes settings.audit_chain_key), else UNKEYED."""
    return session.info.get(AUDIT_KEY_INFO) or UNKEYED


def canonical_time(at: datetime) -> str:
    """One spelling of an instant whatever the session time zone: UTC, microseconds, 'Z'."""
    return at.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(entry: AuditEntry, key: bytes) -> str:
    """HMAC of an entry's content together with the previous entry's hash."""
    body = {
        "seq": entry.seq, "at": canonical_time(entry.at), "actor_id": entry.actor_id,
        "actor_role": entry.actor_role.value, "action": entry.action,
        "entity_type": entry.entity_type, "entity_id": entry.entity_id, "before": entry.before,
        "after": entry.after, "reason": entry.reason, "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


@event.listens_for(Session, "before_commit")
def _seal_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK_KEY})
    last = session.execute(select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)).first()
    seq, prev = (last.seq, last.hash) if last else (0, GENESIS_HASH)
    key = chain_key(session)
    for entry in pending:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = entry_hash(entry, key)
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


def verify(session: Session, batch: int = 5000, *, head: tuple[int, str] | None = None) -> ChainReport:
    """Walk the chain in order and report the first entry whose link or content does not match.

    `head` is (seq, hash) from a signed checkpoint: the chain must reach it and agree with it there.
    """
    prev, expected_seq, checked, key = GENESIS_HASH, 1, 0, chain_key(session)
    query = select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch)
    for entry in session.scalars(query):
        problem = _link_problem(entry, expected_seq, prev, key) or _head_problem(entry, head)
        if problem:
            return ChainReport(checked=checked, broken_seq=entry.seq, problem=problem)
        prev, expected_seq, checked = entry.hash, expected_seq + 1, checked + 1
    if head and head[0] > checked:
        return ChainReport(checked=checked, broken_seq=checked + 1, problem=(
            f"entries {checked + 1} to {head[0]} are missing (a signed checkpoint saw entry {head[0]})"))
    return ChainReport(checked=checked)


def _link_problem(entry: AuditEntry, expected_seq: int, prev: str, key: bytes) -> str | None:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing (found {entry.seq})"
    if entry.prev_hash != prev:
        return f"entry {entry.seq} does not point at entry {entry.seq - 1}"
    if not hmac.compare_digest(entry_hash(entry, key), entry.hash):
        return f"entry {entry.seq} was altered after it was written (or the chain key is not this one)"
    return None


def _head_problem(entry: AuditEntry, head: tuple[int, str] | None) -> str | None:
    if head and entry.seq == head[0] and entry.hash != head[1]:
        return f"entry {entry.seq} differs from the signed checkpoint of the chain head"
    return None


def snapshot(obj: object, *fields: str) -> dict:
    """A JSON-safe picture of some attributes, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.value if hasattr(value, "value") else (
            value.isoformat() if isinstance(value, datetime) else value)
    return out
