"""Signed checkpoints of the audit chain's head, kept in file storage, outside the database.

The keyed chain stops anyone who can write the database from altering an entry and re-hashing the
rest, but not from deleting the newest links: what is left is still a valid chain. So the sweep (after
sealing, and `medezy audit checkpoint`) writes the head's (position, hash), signed with a key derived from the
chain key, to file storage; `medezy audit verify` then insists that the chain reaches that entry and
agrees with it. Deletions after the newest checkpoint go unnoticed, so checkpoints are written often.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, audit_seal, audit_verify
from core.clock import now_utc
from core.errors import DomainError
from core.models.audit import AuditLink
from core.storage import FileStorage

HEAD_KEY = "audit/checkpoints/head.json"


class CheckpointError(DomainError):
    """The stored checkpoint is forged, or the chain no longer reaches it."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    written_at: str

    @property
    def head(self) -> tuple[int, str]:
        return self.seq, self.hash

    def body(self) -> bytes:
        return json.dumps({"seq": self.seq, "hash": self.hash, "written_at": self.written_at},
                          sort_keys=True, separators=(",", ":")).encode()


def _signature(key: bytes, body: bytes) -> str:
    checkpoint_key = hmac.new(key, b"medezy audit checkpoint", hashlib.sha256).digest()
    return hmac.new(checkpoint_key, body, hashlib.sha256).hexdigest()


def read(storage: FileStorage, *, key: bytes) -> Checkpoint | None:
    """The newest checkpoint, or None before the first; raises CheckpointError if it is not ours."""
    if not storage.exists(HEAD_KEY):
        return None
    try:
        document = json.loads(storage.get(HEAD_KEY))
        checkpoint = Checkpoint(seq=int(document["seq"]), hash=str(document["hash"]),
                                written_at=str(document["written_at"]))
        signature = str(document["signature"])
    except (ValueError, KeyError, TypeError) as error:
        raise CheckpointError(f"the audit checkpoint {HEAD_KEY} is unreadable ({error})") from error
    if not hmac.compare_digest(_signature(key, checkpoint.body()), signature):
        raise CheckpointError(f"the audit checkpoint {HEAD_KEY} has a bad signature")
    return checkpoint


def write(session: Session, storage: FileStorage) -> Checkpoint | None:
    """Sign the current head and store it, unless the chain has lost the previous checkpoint's head."""
    key = audit.chain_key(session)
    previous = read(storage, key=key)
    if previous:
        _check_extends(session, previous)
    position, head_hash, _ = audit_seal.head(session)
    if position == 0 or (previous and position == previous.seq):
        return previous
    checkpoint = Checkpoint(seq=position, hash=head_hash, written_at=audit.canonical_time(now_utc()))
    document = {**json.loads(checkpoint.body()), "signature": _signature(key, checkpoint.body())}
    storage.put(HEAD_KEY, json.dumps(document).encode(), "application/json")
    return checkpoint


def _check_extends(session: Session, previous: Checkpoint) -> None:
    # Overwriting a checkpoint the chain no longer reaches would erase the evidence of a deleted tail.
    stored = session.scalar(select(AuditLink.hash).where(AuditLink.position == previous.seq))
    if stored != previous.hash:
        raise CheckpointError(f"the audit chain no longer contains entry {previous.seq} as checkpointed "
                              f"at {previous.written_at}; run `medezy audit verify`")


def verify(session: Session, storage: FileStorage, **options) -> audit_verify.ChainReport:
    """The whole chain, checked against the newest signed checkpoint of its head (options: audit_verify's)."""
    try:
        checkpoint = read(storage, key=audit.chain_key(session))
    except CheckpointError as error:
        return audit_verify.ChainReport(checked=0, broken_at=0, problem=str(error))
    return audit_verify.verify(session, head=checkpoint.head if checkpoint else None, **options)
