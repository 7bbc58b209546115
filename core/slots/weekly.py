"""Weekly availability: a center's template per scan (days, opening hours, slot length, capacity) from which
slots are generated a number of days ahead (one-off slots are core.slots.one_off).

Generation is idempotent: a slot that exists (the unique center/service/start) or that would overlap an
existing slot of the same scan is left alone, so the sweep and the "generate now" button may run any time.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.clock import IST, ist_datetime, now_utc
from core.errors import NotFound, ValidationError
from core.models import Center, Slot
from core.models.availability import AvailabilityTemplate
from core.slots.bulk_insert import NewSlot, insert_slots
from core.slots.center_access import require_manager, require_offered

DAYS_AHEAD = 28


@dataclass(frozen=True)
class Weekly:
    service_id: int
    weekdays: str  # "0".."6", Monday first
    opens_at: time
    closes_at: time
    slot_minutes: int
    capacity: int

    def checked(self) -> "Weekly":
        days = "".join(sorted(set(d for d in self.weekdays if d in "0123456")))
        if not days:
            raise ValidationError("Pick at least one day of the week.")
        if not self.opens_at < self.closes_at:
            raise ValidationError("Closing time must be after opening time.")
        if not 5 <= self.slot_minutes <= 480 or not 1 <= self.capacity <= 50:
            raise ValidationError("Slots last 5 to 480 minutes and take 1 to 50 patients.")
        if _minutes(self.closes_at) - _minutes(self.opens_at) < self.slot_minutes:
            raise ValidationError("The opening hours are shorter than one slot.")
        return Weekly(self.service_id, days, self.opens_at, self.closes_at, self.slot_minutes, self.capacity)


def templates(session: Session, *, actor: Actor, center_id: int) -> list[AvailabilityTemplate]:
    """The center's active weekly templates."""
    require_manager(actor, center_id)
    return list(session.scalars(select(AvailabilityTemplate).where(
        AvailabilityTemplate.center_id == center_id, AvailabilityTemplate.is_active).order_by(AvailabilityTemplate.id)))


def create(session: Session, *, actor: Actor, center_id: int, weekly: Weekly) -> AvailabilityTemplate:
    """Add a weekly template for one of the center's scans (generate slots from it with `generate`)."""
    require_manager(actor, center_id)
    weekly = weekly.checked()
    require_offered(session, center_id, weekly.service_id)
    template = AvailabilityTemplate(center_id=center_id, service_id=weekly.service_id, weekdays=weekly.weekdays,
                                    opens_at=weekly.opens_at, closes_at=weekly.closes_at,
                                    slot_minutes=weekly.slot_minutes, capacity=weekly.capacity, is_active=True)
    session.add(template)
    session.flush()
    audit.record(session, actor=actor, action="availability.template_created", entity_type="availability_template",
                 entity_id=template.id, after={**weekly.__dict__, "opens_at": str(weekly.opens_at),
                                               "closes_at": str(weekly.closes_at), "center_id": center_id})
    return template


def retire(session: Session, *, actor: Actor, center_id: int, template_id: int) -> AvailabilityTemplate:
    """Stop generating from a template; slots already generated stay (block them to close them)."""
    require_manager(actor, center_id)
    template = session.get(AvailabilityTemplate, template_id)
    if template is None or template.center_id != center_id or not template.is_active:
        raise NotFound(f"Weekly template {template_id} does not exist.")
    template.is_active = False
    audit.record(session, actor=actor, action="availability.template_retired", entity_type="availability_template",
                 entity_id=template.id, before={"is_active": True}, after={"is_active": False})
    return template


def generate(session: Session, *, today: date, days: int = DAYS_AHEAD, center_id: int | None = None,
             force: bool = False) -> int:
    """Create the missing slots of every active template (of one center) for `days` IST days from `today`;
    returns how many were created. Templates generated far enough already are skipped unless `force`."""
    through = today + timedelta(days=days - 1)
    query = select(AvailabilityTemplate).where(AvailabilityTemplate.is_active)
    if center_id is not None:
        query = query.where(AvailabilityTemplate.center_id == center_id)
    if not force:
        query = query.where(or_(AvailabilityTemplate.generated_through.is_(None),
                                AvailabilityTemplate.generated_through < through))
    created = 0
    for template in session.scalars(query.order_by(AvailabilityTemplate.id)).all():
        created += _generate_one(session, template, today, through)
        template.generated_through = through
    return created


def _generate_one(session: Session, template: AvailabilityTemplate, first: date, last: date) -> int:
    city_id = session.get(Center, template.center_id).city_id
    start, end = ist_datetime(first, time.min), ist_datetime(last + timedelta(days=1), time.min)
    taken = session.execute(select(Slot.starts_at, Slot.ends_at).where(
        Slot.center_id == template.center_id, Slot.service_id == template.service_id,
        Slot.starts_at < end, Slot.ends_at > start)).all()
    earliest = now_utc()
    new: list[NewSlot] = []
    for starts in _starts(template, first, last):
        ends = starts + timedelta(minutes=template.slot_minutes)
        if starts > earliest and not any(s < ends and starts < e for s, e in taken):
            new.append((template.center_id, template.service_id, city_id, starts, ends, template.capacity))
    return insert_slots(session, new) if new else 0


def _starts(template: AvailabilityTemplate, first: date, last: date):
    length = timedelta(minutes=template.slot_minutes)
    day = first
    while day <= last:
        if str(day.weekday()) in template.weekdays:
            at = datetime.combine(day, template.opens_at, tzinfo=IST)
            closes = datetime.combine(day, template.closes_at, tzinfo=IST)
            while at + length <= closes:
                yield at
                at += length
        day += timedelta(days=1)


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute
