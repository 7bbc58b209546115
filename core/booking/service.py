"""Every booking transition as a named service function. Callers own the transaction."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from core import analytics, audit, outbox, topics
from core.actors import SYSTEM, Actor
from core.booking import claims
from core.booking.hold_write import NewHold, bookable, write_hold
from core.booking.lifecycle import ensure_allowed, load_for_update, move
from core.booking.references import new_reference
from core.clock import now_utc, show
from core.errors import IllegalTransition, ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.slots import Slot
from core.models.users import Role, Sex

S = BookingStatus
DEFAULT_HOLD_MINUTES = 10


@dataclass(frozen=True)
class PatientDetails:
    """Who is scanned: the booker ('self') or a family member."""

    name: str
    age: int | None = None
    sex: Sex | None = None

    def validated(self) -> "PatientDetails":
        name = " ".join((self.name or "").split())
        if not 2 <= len(name) <= 120:
            raise ValidationError("Please give the patient's full name (2 to 120 characters).")
        if self.age is not None and not 0 <= self.age <= 120:
            raise ValidationError("Age must be between 0 and 120.")
        return PatientDetails(name=name, age=self.age, sex=Sex(self.sex) if self.sex else None)


def hold(session: Session, *, actor: Actor, user_id: int, slot_id: int, patient: PatientDetails,
         now: datetime | None = None, hold_minutes: int = DEFAULT_HOLD_MINUTES) -> Booking:
    """Claim one unit of a slot and create a held booking that lapses after `hold_minutes`."""
    actor.require(Role.PATIENT, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)
    actor.require_owner(user_id)
    now = now or now_utc()
    if not 1 <= hold_minutes <= 60:
        raise ValidationError("A hold lasts between 1 and 60 minutes.")
    patient = patient.validated()
    # write_hold audits too: on Postgres the audit entry is part of the hold's one statement.
    return write_hold(session, NewHold(
        reference=new_reference(), user_id=user_id, slot_id=slot_id, actor=actor, patient_name=patient.name,
        patient_age=patient.age, patient_sex=patient.sex, now=now, expires_at=now + timedelta(minutes=hold_minutes)))


def bookable_slot(session: Session, slot_id: int) -> tuple[Slot, int]:
    """The slot and its price, if it can be booked: a verified center offering an active scan at a price."""
    row = bookable(session, slot_id)
    return session.get(Slot, slot_id), row.price_paise


def mark_paid(session: Session, *, booking_id: int, now: datetime | None = None) -> Booking:
    """Payment landed: held -> pending. A lapsed hold is revived only if the slot is still free."""
    now = now or now_utc()
    booking = load_for_update(session, booking_id)
    if booking.status is S.EXPIRED:
        claims.claim(session, booking.slot_id, now=now)  # raises SlotUnavailable: caller refunds
    move(session, booking, S.PENDING, actor=SYSTEM, now=now, reason="payment received")
    booking.hold_expires_at = None
    outbox.emit(session, topics.BOOKING_PAID, booking_id=booking.id)
    return booking


def confirm(session: Session, *, actor: Actor, booking_id: int, now: datetime | None = None,
            reason: str | None = None) -> Booking:
    """The partner center accepts the booking: pending -> confirmed (`reason` when staff override)."""
    actor.require(Role.PARTNER_STAFF, Role.OPS_MANAGER, Role.SUPPORT_AGENT)
    now = now or now_utc()
    booking = _load_scoped(session, actor, booking_id)
    move(session, booking, S.CONFIRMED, actor=actor, now=now, reason=_reason(reason))
    analytics.record(session, "booking_confirmed", user_id=booking.user_id, booking_id=booking.id,
                     center_id=booking.center_id)
    outbox.emit(session, topics.BOOKING_CONFIRMED, booking_id=booking.id)
    return booking


def complete(session: Session, *, actor: Actor, booking_id: int, now: datetime | None = None,
             reason: str | None = None) -> Booking:
    """The scan happened: confirmed -> completed."""
    booking = _after_start(session, actor, booking_id, now)
    move(session, booking, S.COMPLETED, actor=actor, now=now or now_utc(), reason=_reason(reason))
    analytics.record(session, "booking_completed", user_id=booking.user_id, booking_id=booking.id,
                     center_id=booking.center_id)
    outbox.emit(session, topics.BOOKING_COMPLETED, booking_id=booking.id)
    return booking


def mark_no_show(session: Session, *, actor: Actor, booking_id: int, now: datetime | None = None,
                 reason: str | None = None) -> Booking:
    """The patient did not come: confirmed -> no_show (the slot stays used)."""
    booking = _after_start(session, actor, booking_id, now)
    move(session, booking, S.NO_SHOW, actor=actor, now=now or now_utc(), reason=_reason(reason))
    outbox.emit(session, topics.BOOKING_NO_SHOW, booking_id=booking.id)
    return booking


def _reason(reason: str | None) -> str | None:
    reason = " ".join((reason or "").split())
    if len(reason) > 500:
        raise ValidationError("Keep the reason under 500 characters.")
    return reason or None


def _after_start(session: Session, actor: Actor, booking_id: int, now: datetime | None) -> Booking:
    actor.require(Role.PARTNER_STAFF, Role.OPS_MANAGER)
    booking = _load_scoped(session, actor, booking_id)
    ensure_allowed(booking, S.COMPLETED)
    if (now or now_utc()) < booking.slot.starts_at:
        raise IllegalTransition(f"Booking {booking.reference} starts {show(booking.slot.starts_at)}; "
                                "it can be closed only after that.")
    return booking


def cancel(session: Session, *, actor: Actor, booking_id: int, reason: str,
           now: datetime | None = None) -> Booking:
    """Cancel a live booking and free its slot; payments decide the refund on `booking_cancelled`."""
    actor.require(Role.PATIENT, Role.PARTNER_STAFF, Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SYSTEM)
    now = now or now_utc()
    if not (reason or "").strip():
        raise ValidationError("A cancellation needs a reason.")
    booking = _load_scoped(session, actor, booking_id)
    was = booking.status
    move(session, booking, S.CANCELLED, actor=actor, now=now, reason=reason.strip())
    booking.cancelled_by, booking.cancel_reason = actor.role, reason.strip()
    claims.release(session, booking.slot_id)
    outbox.emit(session, topics.BOOKING_CANCELLED, booking_id=booking.id, was=was.value, by=actor.role.value)
    return booking


def expire_hold(session: Session, *, booking_id: int, now: datetime | None = None) -> Booking:
    """Expire one held booking whose hold lapsed (the sweep does this in bulk)."""
    now = now or now_utc()
    booking = load_for_update(session, booking_id)
    ensure_allowed(booking, S.EXPIRED)
    if booking.hold_expires_at and booking.hold_expires_at > now:
        raise IllegalTransition(f"The hold on {booking.reference} lasts until {show(booking.hold_expires_at)}.")
    claims.expire_lapsed_holds(session, now=now, slot_id=booking.slot_id)
    session.refresh(booking)
    return booking


def reschedule(session: Session, *, actor: Actor, booking_id: int, new_slot_id: int,
               reason: str | None = None, now: datetime | None = None) -> Booking:
    """Move a live booking to another slot of the same service at the same center, atomically."""
    actor.require(Role.PATIENT, Role.PARTNER_STAFF, Role.SUPPORT_AGENT, Role.OPS_MANAGER)
    now = now or now_utc()
    booking = _load_scoped(session, actor, booking_id)
    _check_reschedulable(session, booking, new_slot_id, now)
    old_slot_id = booking.slot_id
    claims.claim(session, new_slot_id, now=now)
    claims.release(session, old_slot_id)
    booking.slot_id, booking.updated_at = new_slot_id, now
    session.flush()
    session.refresh(booking, ["slot"])
    audit.record(session, actor=actor, action="booking.rescheduled", entity_type="booking",
                 entity_id=booking.id, before={"slot_id": old_slot_id}, after={"slot_id": new_slot_id},
                 reason=reason)
    outbox.emit(session, topics.BOOKING_RESCHEDULED, booking_id=booking.id, from_slot_id=old_slot_id,
                by=actor.role.value)
    return booking


def _check_reschedulable(session: Session, booking: Booking, new_slot_id: int, now: datetime) -> None:
    if booking.status not in (S.HELD, S.PENDING, S.CONFIRMED):
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; it cannot be rescheduled.")
    if booking.slot.starts_at <= now:
        raise IllegalTransition(f"Booking {booking.reference} has already started.")
    new_slot = session.get(Slot, new_slot_id)
    if new_slot is None or new_slot.id == booking.slot_id:
        raise ValidationError("Pick a different, existing slot.")
    if (new_slot.center_id, new_slot.service_id) != (booking.center_id, booking.service_id):
        raise ValidationError("A reschedule keeps the same scan at the same center; "
                              "to change center, cancel and book again.")


def _load_scoped(session: Session, actor: Actor, booking_id: int) -> Booking:
    booking = load_for_update(session, booking_id)
    actor.require_center(booking.center_id)
    actor.require_owner(booking.user_id)
    return booking
