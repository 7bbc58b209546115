"""Reading the audit log for the people who review it: filtered searches and the chain check (super admins)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit_checkpoint, audit_verify
from core.actors import Actor
from core.clock import IST
from core.errors import ValidationError
from core.models.audit import AuditEntry
from core.storage import FileStorage

MAX_LISTED = 200


@dataclass(frozen=True)
class Filters:
    actor_id: int | None = None
    entity_type: str = ""
    entity_id: str = ""
    action: str = ""  # an exact action, or a prefix ending in '.' ("refund." finds every refund action)
    since: date | None = None  # India dates, inclusive
    until: date | None = None


def search(session: Session, *, actor: Actor, filters: Filters, limit: int = 100) -> list[AuditEntry]:
    """Entries matching every given filter, newest first."""
    actor.require_permission("audit.view")
    if filters.since and filters.until and filters.until < filters.since:
        raise ValidationError("The 'to' date is before the 'from' date.")
    query = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(min(max(limit, 1), MAX_LISTED))
    for condition in _conditions(filters):
        query = query.where(condition)
    return list(session.scalars(query))


def verify_chain(session: Session, storage: FileStorage, *, actor: Actor) -> audit_verify.ChainReport:
    """Walk the whole chain against its newest signed checkpoint (the 'verify chain' button)."""
    actor.require_permission("audit.view")
    return audit_checkpoint.verify(session, storage)


def _conditions(f: Filters) -> list:
    conditions = []
    if f.actor_id is not None:
        conditions.append(AuditEntry.actor_id == f.actor_id)
    if f.entity_type:
        conditions.append(AuditEntry.entity_type == f.entity_type.strip())
    if f.entity_id:
        conditions.append(AuditEntry.entity_id == f.entity_id.strip())
    if f.action:
        action = f.action.strip()
        conditions.append(AuditEntry.action.startswith(action, autoescape=True) if action.endswith(".")
                          else AuditEntry.action == action)
    if f.since:
        conditions.append(AuditEntry.at >= _start_of(f.since))
    if f.until:
        conditions.append(AuditEntry.at < _start_of(f.until + timedelta(days=1)))
    return conditions


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=IST)
