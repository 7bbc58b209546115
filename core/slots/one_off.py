"""One-off slots a center adds outside its weekly hours (an evening clinic, a Sunday camp)."""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.clock import now_utc
from core.errors import ValidationError
from core.models import Center, Slot
from core.slots.center_access import require_manager, require_offered


def add(session: Session, *, actor: Actor, center_id: int, service_id: int, starts_at: datetime,
        minutes: int, capacity: int) -> Slot:
    """One extra slot (an evening clinic, a Sunday camp) for one of the center's scans."""
    require_manager(actor, center_id)
    require_offered(session, center_id, service_id)
    if starts_at <= now_utc():
        raise ValidationError("Pick a time in the future.")
    if not 5 <= minutes <= 480 or not 1 <= capacity <= 50:
        raise ValidationError("A slot lasts 5 to 480 minutes and takes 1 to 50 patients.")
    ends_at = starts_at + timedelta(minutes=minutes)
    if _overlapping(session, center_id, service_id, starts_at, ends_at):
        raise ValidationError("This scan already has a slot at that time.")
    center = session.get(Center, center_id)
    slot = Slot(center_id=center_id, service_id=service_id, city_id=center.city_id, starts_at=starts_at,
                ends_at=ends_at, capacity=capacity, claimed=0, is_blocked=False)
    session.add(slot)
    session.flush()
    audit.record(session, actor=actor, action="slot.created", entity_type="slot", entity_id=slot.id,
                 after={"starts_at": starts_at.isoformat(), "minutes": minutes, "capacity": capacity})
    return slot


def _overlapping(session: Session, center_id: int, service_id: int, starts_at: datetime, ends_at: datetime) -> bool:
    clash = select(Slot.id).where(Slot.center_id == center_id, Slot.service_id == service_id,
                                  Slot.starts_at < ends_at, Slot.ends_at > starts_at).limit(1)
    return session.scalar(clash) is not None
