"""Blocking slots (machine down, holiday): no new holds land on them, and bookings already on them are
listed and handed to support for rescheduling. Nothing is cancelled silently."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit, tickets, waitlist
from core.actors import SYSTEM, Actor
from core.errors import ValidationError
from core.models import Booking, BookingStatus, Center, Slot

LIVE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)
MAX_RANGE = timedelta(days=92)


@dataclass(frozen=True)
class BlockResult:
    slots: int
    bookings: list[Booking]  # live bookings on the blocked slots: support reschedules them
    ticket_ids: list[int]


def block(session: Session, *, actor: Actor, center_id: int, starts_at: datetime, ends_at: datetime, reason: str,
          service_id: int | None = None) -> BlockResult:
    """Block the center's slots starting in [starts_at, ends_at) (one scan or all); returns who is affected."""
    reason = _checked(actor, center_id, starts_at, ends_at, reason)
    slot_ids = _slot_ids(session, center_id, starts_at, ends_at, service_id)
    session.execute(update(Slot).where(Slot.id.in_(slot_ids)).values(is_blocked=True, blocked_reason=reason))
    affected = list(session.scalars(select(Booking).where(Booking.slot_id.in_(slot_ids), Booking.status.in_(LIVE))
                                    .order_by(Booking.id))) if slot_ids else []
    ticket_ids = [_hand_to_support(session, b, reason).id for b in affected if b.status is not BookingStatus.HELD]
    audit.record(session, actor=actor, action="slots.blocked", entity_type="center", entity_id=center_id,
                 after={"slots": len(slot_ids), "bookings": [b.id for b in affected], "from": starts_at.isoformat(),
                        "to": ends_at.isoformat(), "service_id": service_id}, reason=reason)
    return BlockResult(len(slot_ids), affected, ticket_ids)


def unblock(session: Session, *, actor: Actor, center_id: int, starts_at: datetime, ends_at: datetime, reason: str,
            service_id: int | None = None) -> int:
    """Open the center's blocked slots in the range again; returns how many."""
    reason = _checked(actor, center_id, starts_at, ends_at, reason)
    slot_ids = _slot_ids(session, center_id, starts_at, ends_at, service_id)
    opened = session.execute(update(Slot).where(Slot.id.in_(slot_ids), Slot.is_blocked.is_(True))
                             .values(is_blocked=False, blocked_reason=None)).rowcount
    if opened:
        waitlist.opened_at(session, city_id=session.get(Center, center_id).city_id, service_id=service_id,
                           starts=starts_at, ends=ends_at)
    audit.record(session, actor=actor, action="slots.unblocked", entity_type="center", entity_id=center_id,
                 after={"slots": len(slot_ids), "from": starts_at.isoformat(), "to": ends_at.isoformat()},
                 reason=reason)
    return len(slot_ids)


def _checked(actor: Actor, center_id: int, starts_at: datetime, ends_at: datetime, reason: str) -> str:
    actor.require_permission("slot.manage")
    actor.require_center(center_id)
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise ValidationError("Say why the slots are blocked (patients and support see it).")
    if not starts_at < ends_at <= starts_at + MAX_RANGE:
        raise ValidationError("Pick an end after the start, at most three months later.")
    return reason


def _slot_ids(session: Session, center_id: int, starts_at: datetime, ends_at: datetime,
              service_id: int | None) -> list[int]:
    query = select(Slot.id).where(Slot.center_id == center_id, Slot.starts_at >= starts_at, Slot.starts_at < ends_at)
    if service_id is not None:
        query = query.where(Slot.service_id == service_id)
    return list(session.scalars(query))


def _hand_to_support(session: Session, booking: Booking, reason: str):
    ticket = tickets.open_ticket(session, actor=SYSTEM, user_id=booking.user_id, booking_id=booking.id,
                                 subject=f"{booking.reference}: slot blocked by the center ({reason}); reschedule",
                                 source="partner")
    if not ticket.escalated:
        tickets.escalate(session, actor=SYSTEM, ticket_id=ticket.id, reason="the center blocked this booking's slot")
    return ticket
