"""Checking the audit log: the chain link by link, and no entry left unsealed for long.

The walk follows `audit_chain` by position: each link must follow the one before without a gap, its
entry must still exist, and the keyed hash over the entry, its position and the previous hash must
match. `head` (from a signed checkpoint, core.audit_checkpoint) is where the chain must at least reach.
Entries the sealer has not chained yet are normal for a minute; older ones mean the sealer is not
running, or that someone inserted a back-dated entry, and both are reported.
"""
from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from core import audit
from core.clock import now_utc
from core.models.audit import AuditEntry, AuditLink

UNSEALED_GRACE = timedelta(minutes=10)  # the sweep seals every minute; ten give a stalled worker a chance


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None = None  # the chain position where the walk stopped
    problem: str | None = None
    awaiting_seal: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(session: Session, *, head: tuple[int, str] | None = None, grace: timedelta = UNSEALED_GRACE,
           now: datetime | None = None, batch: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first broken link, a lost tail or stale unsealed entries."""
    report = _walk(session, head, batch)
    return report if not report.ok else _unsealed(session, report.checked, (now or now_utc()) - grace, grace)


def _walk(session: Session, head: tuple[int, str] | None, batch: int) -> ChainReport:
    prev, expected, key = audit.GENESIS_HASH, 1, audit.chain_key(session)
    links = (select(AuditLink.position, AuditLink.hash.label("link_hash"), AuditLink.entry_id, AuditEntry)
             .outerjoin(AuditEntry, AuditEntry.id == AuditLink.entry_id).order_by(AuditLink.position)
             .execution_options(yield_per=batch))
    for link in session.execute(links):
        problem = _link_problem(link, expected, prev, key) or _head_problem(link, head)
        if problem:
            return ChainReport(checked=expected - 1, broken_at=expected, problem=problem)
        prev, expected = link.link_hash, expected + 1
    checked = expected - 1
    if head and head[0] > checked:
        return ChainReport(checked=checked, broken_at=checked + 1, problem=(
            f"entries {checked + 1} to {head[0]} are missing (a signed checkpoint saw entry {head[0]})"))
    return ChainReport(checked=checked)


def _link_problem(link, expected: int, prev: str, key: bytes) -> str | None:
    if link.position != expected:
        return f"entry {expected} is missing (the chain goes on at entry {link.position})"
    if link.AuditEntry is None:
        return f"entry {expected} (audit entry id {link.entry_id}) was deleted after it was sealed"
    actual = audit.entry_hash(link.AuditEntry, position=expected, prev_hash=prev, key=key)
    if not hmac.compare_digest(actual, link.link_hash):
        return f"entry {expected} was altered after it was sealed (or the chain key is not this one)"
    return None


def _head_problem(link, head: tuple[int, str] | None) -> str | None:
    if head and link.position == head[0] and link.link_hash != head[1]:
        return f"entry {link.position} differs from the signed checkpoint of the chain head"
    return None


def _unsealed(session: Session, checked: int, cutoff: datetime, grace: timedelta) -> ChainReport:
    unsealed = ~select(AuditLink.entry_id).where(AuditLink.entry_id == AuditEntry.id).exists()
    stale = AuditEntry.at < cutoff
    total, old, oldest = session.execute(select(
        func.count(), func.coalesce(func.sum(case((stale, 1), else_=0)), 0),
        func.min(case((stale, AuditEntry.id))),
    ).where(unsealed)).one()
    if not old:
        return ChainReport(checked=checked, awaiting_seal=total)
    minutes = int(grace.total_seconds() // 60)
    return ChainReport(checked=checked, awaiting_seal=total, problem=(
        f"{old} audit entries written over {minutes} minutes ago are not sealed into the chain (the oldest "
        f"is audit entry id {oldest}): is the worker's sweep running? `medezy audit seal` seals them"))
