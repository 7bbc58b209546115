"""The patient cancels or moves their own booking, through the same booking services staff use.

The refund is shown before the patient confirms (core.payments.cancellation.owed, the policy's own
numbers); the confirmation carries the amount the patient saw, and a cancellation whose refund has changed
since (the slot crossed a policy window while the page was open) is refused rather than surprising them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from core.actors import Actor
from core.booking import queries, service
from core.booking.lifecycle import load_for_update
from core.errors import IllegalTransition, ValidationError
from core.models.bookings import Booking
from core.models.slots import Slot
from core.models.users import Role
from core.payments import cancellation, policy
from core.payments.config import FinanceConfig
from core.portal import bookings


@dataclass(frozen=True)
class CancelQuote:
    """What cancelling now would bring back."""

    paid_paise: int
    refund_paise: int
    fee_kept_paise: int
    percent: int


def cancel_quote(session: Session, *, booking: Booking, finance: FinanceConfig, now: datetime) -> CancelQuote:
    """The refund the patient would get by cancelling at `now` (nothing paid: all zeros)."""
    owed = cancellation.owed(session, booking=booking, cancelled_by=Role.PATIENT, at=now, finance=finance)
    if owed is None:
        return CancelQuote(0, 0, 0, 100)
    return CancelQuote(owed.paid_paise, owed.amount_paise, owed.decision.fee_kept_paise,
                       owed.decision.percent)


def policy_summary() -> str:
    """The patient's cancellation windows in words, from core.payments.policy itself."""
    parts = [f"{hours} hours or more before the scan, {percent}% of the scan price comes back" if hours
             else ("later, nothing" if percent == 0 else f"later, {percent}%")
             for hours, percent in policy.PATIENT_WINDOWS]
    return "If you cancel " + "; ".join(parts) + ". The MedEzy fee is not refunded when you cancel."


def cancel(session: Session, *, actor: Actor, reference: str, reason: str, quoted_refund_paise: int,
           finance: FinanceConfig, now: datetime) -> Booking:
    """Cancel the patient's booking if the refund is still the one they were shown."""
    booking = _live(session, actor, reference, now)
    quote = cancel_quote(session, booking=booking, finance=finance, now=now)
    if quote.refund_paise != quoted_refund_paise:
        raise ValidationError("The refund for this booking has changed since the page was opened; "
                              "please look at the new amount and confirm again.")
    return service.cancel(session, actor=actor, booking_id=booking.id, reason=reason or "cancelled by the patient",
                          now=now)


def reschedule_options(session: Session, *, actor: Actor, reference: str, now: datetime) -> list[Slot]:
    """Free slots the patient's booking may move to (same scan, same center)."""
    booking = _live(session, actor, reference, now)
    return queries.reschedule_options(session, booking=booking, now=now)


def reschedule(session: Session, *, actor: Actor, reference: str, slot_id: int, now: datetime) -> Booking:
    """Move the patient's booking to another free slot of the same scan at the same center."""
    booking = _live(session, actor, reference, now)
    return service.reschedule(session, actor=actor, booking_id=booking.id, new_slot_id=slot_id,
                              reason="moved by the patient in the portal", now=now)


def _live(session: Session, actor: Actor, reference: str, now: datetime) -> Booking:
    booking = bookings.get(session, actor=actor, reference=reference)
    load_for_update(session, booking.id)  # the same row lock the services take, before reading the refund
    if booking.status not in bookings.LIVE or booking.slot.starts_at <= now:
        raise IllegalTransition(f"Booking {booking.reference} can no longer be changed; "
                                "write to us on WhatsApp if something is wrong.")
    return booking
