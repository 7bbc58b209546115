"""Audit log: every state change writes an entry in its own transaction; a sealer chains them later.

`record` queues an entry on the session; just before the transaction commits, a before_commit hook
inserts the queued entries in one statement, after everything else the transaction wrote. Writers never
read or lock the chain, so they never wait for each other: the keyed hash chain is appended by one
sealer (core.audit_seal, run by the worker's sweep and `medezy audit seal`).

Each sealed entry's hash is HMAC-SHA256 over a canonical form (times in UTC, sorted keys) of the entry,
its chain position and the previous link's hash. Without the key nobody who can write the database can
re-hash a chain after altering an entry; a missing tail is caught by the signed checkpoints in
core.audit_checkpoint.

On Postgres a statement trigger on audit_entries takes CHAIN_LOCK in share mode (migration 0008_prod)
until commit; the sealer never takes it, it waits for the transactions holding it to end before it
chains (core.audit_seal), so an entry it cannot see yet gets a higher id than every entry it seals.
Nobody waits for that lock, so an entry may be written anywhere in a transaction (a hold writes its
own in its one statement, core.booking.hold_write).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timezone

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from core.actors import Actor
from core.db import AUDIT_KEY_INFO, utcnow
from core.models.audit import AuditEntry

GENESIS_HASH = "0" * 64
CHAIN_LOCK = 0x4D45445A  # "MEDZ": advisory lock key that writers hold in share mode; the sealer waits for holders
_PENDING = "medezy_audit_pending"


def record(session: Session, *, actor: Actor, action: str, entity_type: str, entity_id: object,
           before: dict | None = None, after: dict | None = None, reason: str | None = None) -> None:
    """Queue an audit entry; it is written in this transaction, just before commit."""
    session.info.setdefault(_PENDING, []).append({
        "at": utcnow(), "actor_id": actor.user_id, "actor_role": actor.role, "action": action,
        "entity_type": entity_type, "entity_id": str(entity_id), "before": before, "after": after,
        "reason": reason,
    })


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    pending = session.info.pop(_PENDING, None)
    if not pending:
        return
    session.flush()  # an entry's actor may be a user this transaction added
    session.execute(insert(AuditEntry.__table__), pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)


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


def entry_hash(entry: AuditEntry, *, position: int, prev_hash: str, key: bytes) -> str:
    """HMAC of an entry's content at `position`, together with the previous link's hash."""
    # "seq" is the position's name in entries chained before migration 0008, whose hashes still hold.
    body = {
        "seq": position, "at": canonical_time(entry.at), "actor_id": entry.actor_id,
        "actor_role": entry.actor_role.value, "action": entry.action,
        "entity_type": entry.entity_type, "entity_id": entry.entity_id, "before": entry.before,
        "after": entry.after, "reason": entry.reason, "prev_hash": prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()


def snapshot(obj: object, *fields: str) -> dict:
    """A JSON-safe picture of some attributes, for before/after."""
    out = {}
    for name in fields:
        value = getattr(obj, name)
        out[name] = value.value if hasattr(value, "value") else (
            value.isoformat() if isinstance(value, datetime) else value)
    return out
