"""Support moves a booking to a slot of the same scan at the same or ANOTHER center, price difference included.

A dearer slot is charged by a new payment link for the difference (sent to the patient); a cheaper one
refunds the difference from the booking's payment. An unpaid (held) booking simply gets a link at the new
price. Moving a confirmed booking to another center sends it back to that center for confirmation.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.booking import claims, service
from core.booking.lifecycle import load_for_update
from core.clock import now_utc, show
from core.errors import IllegalTransition, ValidationError
from core.models.bookings import Booking, BookingStatus, BookingStatusChange
from core.models.notifications import Channel
from core.models.payments import Payment, PaymentStatus
from core.models.refunds import Refund, RefundKind
from core.models.users import Role
from core.notify import manual
from core.catalogue import rupees
from core.payments import checkout, refund_manager, refunds
from core.payments.config import FinanceConfig
from core.payments.provider import LinkRequest, PaymentProvider

S = BookingStatus
DIFFERENCE = "difference"  # Payment.purpose of a top-up link
LINK_HOURS = 24  # a difference link lasts a day, never past the scan


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
    before = {"slot_id": booking.slot_id, "center_id": booking.center_id, "price_paise": booking.price_paise}
    covered = booking.price_paise - _retire_unpaid_difference(session, booking, provider)
    claims.claim(session, slot.id, now=now)
    claims.release(session, booking.slot_id)
    booking.slot_id, booking.center_id, booking.price_paise, booking.updated_at = slot.id, slot.center_id, price, now
    if before["center_id"] != slot.center_id and booking.status is S.CONFIRMED:
        _back_to_center(session, booking, actor, now)
    session.flush()
    session.refresh(booking, ["slot", "center"])
    moved = _settle(session, actor, booking, price - covered, reason, finance, provider, now)
    audit.record(session, actor=actor, action="booking.rescheduled", entity_type="booking", entity_id=booking.id,
                 before=before, after={"slot_id": slot.id, "center_id": slot.center_id, "price_paise": price,
                                       "difference_paise": moved.difference_paise}, reason=reason)
    outbox.emit(session, topics.BOOKING_RESCHEDULED, booking_id=booking.id, from_slot_id=before["slot_id"],
                by=actor.role.value)
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
    slot, price = service._bookable_slot(session, new_slot_id)  # verified center, active scan, a price
    if slot.service_id != booking.service_id:
        raise ValidationError("A reschedule keeps the same scan; book a different scan separately.")
    return slot, price


def _back_to_center(session: Session, booking: Booking, actor: Actor, now: datetime) -> None:
    # The new center never accepted this patient: the booking waits for its confirmation like a new one.
    # Written by hand because the state machine has no confirmed -> pending move for anything else.
    session.add(BookingStatusChange(booking_id=booking.id, from_status=S.CONFIRMED, to_status=S.PENDING,
                                    actor_id=actor.user_id, actor_role=actor.role, at=now,
                                    reason="moved to another center; awaiting its confirmation"))
    booking.status, booking.confirmed_at = S.PENDING, None


def _retire_unpaid_difference(session: Session, booking: Booking, provider: PaymentProvider) -> int:
    """Cancel an earlier move's unpaid difference link; returns its amount (the booking is not covered for it)."""
    unpaid = list(session.scalars(select(Payment).where(
        Payment.booking_id == booking.id, Payment.purpose == DIFFERENCE, Payment.status == PaymentStatus.CREATED)))
    for payment in unpaid:
        checkout._retire(session, payment, provider, reason="replaced by a later reschedule")
    return sum(p.amount_paise for p in unpaid)


def _settle(session: Session, actor: Actor, booking: Booking, difference: int, reason: str,
            finance: FinanceConfig, provider: PaymentProvider, now: datetime) -> Moved:
    if booking.status is S.HELD:  # nothing paid yet: a live link is replaced by one at the new price
        live = session.scalar(select(func.count()).where(Payment.booking_id == booking.id,
                                                         Payment.status == PaymentStatus.CREATED))
        link = checkout.retry_checkout(session, booking_id=booking.id, provider=provider, finance=finance,
                                       now=now) if live else None
        return Moved(booking, difference, link, None)
    if difference > 0:
        return Moved(booking, difference, _charge(session, actor, booking, difference, provider, now), None)
    if difference < 0:
        return Moved(booking, difference, None, _refund(session, actor, booking, -difference, reason, finance, now))
    return Moved(booking, 0, None, None)


def _charge(session: Session, actor: Actor, booking: Booking, amount: int, provider: PaymentProvider,
            now: datetime) -> Payment:
    expires = min(now + timedelta(hours=LINK_HOURS), booking.slot.starts_at)
    payment = Payment(booking_id=booking.id, amount_paise=amount, currency="INR", status=PaymentStatus.CREATED,
                      provider=provider.name, expires_at=expires, created_at=now, purpose=DIFFERENCE)
    session.add(payment)
    session.flush()
    link = provider.create_link(LinkRequest(
        reference_id=str(payment.id), amount_paise=amount, expire_by=expires,
        description=f"Price difference for {booking.service.name} at {booking.center.name} ({booking.reference})",
        customer_name=booking.user.name, customer_contact=booking.user.phone, customer_email=booking.user.email,
        notes={"medezy_payment_id": str(payment.id), "booking_reference": booking.reference}))
    payment.provider_link_id, payment.link_url = link.id, link.url
    audit.record(session, actor=actor, action="payment.link_created", entity_type="payment", entity_id=payment.id,
                 after={"booking_id": booking.id, "amount_paise": amount, "purpose": DIFFERENCE, "link_id": link.id})
    manual.send(session, actor=actor, channel=Channel.WHATSAPP, booking_id=booking.id,
                request_id=f"difference-{payment.id}",
                text=f"Your booking {booking.reference} moved to {booking.center.name}, "
                     f"{show(booking.slot.starts_at)}. Please pay the price difference of {rupees(amount)} "
                     f"here: {link.url}")
    return payment


def _refund(session: Session, actor: Actor, booking: Booking, amount: int, reason: str, finance: FinanceConfig,
            now: datetime) -> Refund | None:
    payment = refund_manager.refundable_payment(session, booking_id=booking.id)
    if payment is None:
        return None  # paid entirely by credit: nothing to send back to a card
    return refunds.request(session, actor=actor, payment_id=payment.id, kind=RefundKind.POLICY, finance=finance,
                           amount_paise=min(amount, payment.refundable_paise),
                           reason=f"moved to a cheaper slot: {reason}"[:500], now=now,
                           idempotency_key=f"move-{booking.id}-{booking.slot_id}-{int(now.timestamp())}")
