"""Support moves a booking to a slot of the same scan at the same or ANOTHER center, price difference included.

A dearer slot is charged by a new payment link for the difference (sent to the patient); a cheaper one
refunds the difference from the booking's payment. An unpaid (held) booking simply gets a link at the new
price. Moving a confirmed booking to another center sends it back to that center for confirmation; a paid
booking's partner share follows it (core.payments.transfer_moves) and the new center is alerted as for a new
paid booking (notifications.patient_updates, from the rescheduled event).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core import audit, outbox, tickets, topics
from core.actors import Actor
from core.booking import claims, price_difference, service
from core.booking.lifecycle import load_for_update
from core.clock import now_utc
from core.errors import IllegalTransition, ValidationError
from core.models.bookings import Booking, BookingStatus, BookingStatusChange
from core.models.payments import Payment
from core.models.refunds import Refund
from core.models.users import Role
from core.payments import transfer_moves
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider

S = BookingStatus


@dataclass(frozen=True)
class Moved:
    booking: Booking
    difference_paise: int  # new price minus what the booking was already covered for
    payment: Payment | None  # the link charging the difference (or the held booking's new link)
    refund: Refund | None  # the refund of a cheaper slot's difference


def reschedule(session: Session, *, actor: Actor, booking_id: int, new_slot_id: int, reason: str,
               finance: FinanceConfig, provider: PaymentProvider, now: datetime | None = None) -> Moved:
    """Move a live booking to `new_slot_id` (any verified center offering the scan) and settle the price."""
    actor.require(Role.SUPPORT_AGENT, Role.OPS_MANAGER)
    now, reason = now or now_utc(), _reason(reason)
    booking = load_for_update(session, booking_id)
    slot, price = _new_slot(session, booking, new_slot_id, now)
    before = {"slot_id": booking.slot_id, "center_id": booking.center_id, "price_paise": booking.price_paise,
              "status": booking.status.value}
    covered = booking.price_paise - price_difference.retire_unpaid(session, booking, provider)
    claims.claim(session, slot.id, now=now)
    claims.release(session, booking.slot_id)
    booking.slot_id, booking.center_id, booking.price_paise, booking.updated_at = slot.id, slot.center_id, price, now
    session.flush()
    session.refresh(booking, ["slot", "center"])
    if before["center_id"] != slot.center_id:
        _hand_over(session, booking, actor, now, from_center_id=before["center_id"], reason=reason,
                   finance=finance, provider=provider)
    difference = price - covered
    payment, refund = price_difference.settle(session, actor, booking, difference, reason, finance, provider, now)
    moved = Moved(booking, difference, payment, refund)
    audit.record(session, actor=actor, action="booking.rescheduled", entity_type="booking", entity_id=booking.id,
                 before=before, after={"slot_id": slot.id, "center_id": slot.center_id, "price_paise": price,
                                       "status": booking.status.value, "difference_paise": difference}, reason=reason)
    outbox.emit(session, topics.BOOKING_RESCHEDULED, booking_id=booking.id, from_slot_id=before["slot_id"],
                from_center_id=before["center_id"], by=actor.role.value)  # a new center is alerted to it
    return moved


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not 1 <= len(reason) <= 500:
        raise ValidationError("A reschedule needs a reason (up to 500 characters).")
    return reason


def _new_slot(session: Session, booking: Booking, new_slot_id: int, now: datetime):
    if booking.status not in (S.HELD, S.PENDING, S.CONFIRMED):
        raise IllegalTransition(f"Booking {booking.reference} is {booking.status.value}; it cannot be rescheduled.")
    if booking.slot.starts_at <= now:
        raise IllegalTransition(f"Booking {booking.reference} has already started.")
    if new_slot_id == booking.slot_id:
        raise ValidationError("Pick a different slot.")
    slot, price = service.bookable_slot(session, new_slot_id)
    if slot.service_id != booking.service_id:
        raise ValidationError("A reschedule keeps the same scan; book a different scan separately.")
    return slot, price


def _hand_over(session: Session, booking: Booking, actor: Actor, now: datetime, *, from_center_id: int, reason: str,
               finance: FinanceConfig, provider: PaymentProvider) -> None:
    """The booking changes center: the new one must confirm it, and the partner share follows the booking."""
    if booking.status is S.CONFIRMED:
        _back_to_center(session, booking, actor, now)
    released = transfer_moves.follow_booking(session, actor=actor, booking=booking, from_center_id=from_center_id,
                                             reason=reason, finance=finance, provider=provider, now=now)
    for transfer in released:  # already paid out to the old center: only finance can recover it
        tickets.raise_for_staff(session, user_id=booking.user_id, booking_id=booking.id,
                                subject=f"{booking.reference} moved to another center after the old center's "
                                        f"share was released: recover transfer {transfer.id} from center "
                                        f"{from_center_id} and pay the new center",
                                escalation="partner share already released to the old center")


def _back_to_center(session: Session, booking: Booking, actor: Actor, now: datetime) -> None:
    # The new center never accepted this patient: the booking waits for its confirmation like a new one.
    # Written by hand because the state machine has no confirmed -> pending move for anything else.
    session.add(BookingStatusChange(booking_id=booking.id, from_status=S.CONFIRMED, to_status=S.PENDING,
                                    actor_id=actor.user_id, actor_role=actor.role, at=now,
                                    reason="moved to another center; awaiting its confirmation"))
    booking.status, booking.confirmed_at = S.PENDING, None
