"""Refunds: policy, limits, approval, idempotency, provider confirmations, partner transfer reversal."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.actors import SYSTEM, Actor
from core.booking import service as bookings
from core.errors import Conflict, Forbidden, IllegalTransition, ValidationError
from core.models import (AnalyticsEvent, PartnerAccount, PaymentStatus, Refund, RefundStatus, Role, RouteStatus, Tier,
                         Transfer, TransferReversal, TransferStatus)
from core.payments import refund_sending, refunds
from tests.payments.conftest import FINANCE


def _refund(session, pay, payment, amount, key="manual-0001", actor=None):
    return refunds.request(session, actor=actor or pay.staff(), payment_id=payment.id, amount_paise=amount,
                           reason="scan delayed", idempotency_key=key, finance=FINANCE)


def _refunds(session, booking_id) -> list[int]:
    return session.scalars(select(Refund.amount_paise).where(Refund.booking_id == booking_id)).all()


def _processed_events(session, payment) -> int:
    return session.scalar(select(func.count()).where(AnalyticsEvent.name == "refund_processed",
                                                     AnalyticsEvent.booking_id == payment.booking_id))


def test_a_partial_refund_is_sent_and_confirmed(session, pay, provider):
    payment = pay.paid(price_paise=500000)
    refund = _refund(session, pay, payment, 100000)
    pay.deliver()
    assert provider.named("refund")[0]["amount_paise"] == 100000
    assert refund.status is RefundStatus.PROCESSED and payment.status is PaymentStatus.PARTIALLY_REFUNDED
    assert _processed_events(session, payment) == 1


def test_processed_webhook_before_our_send_is_recorded_converges(session, pay, provider):
    payment = pay.paid(price_paise=500000)
    refund = _refund(session, pay, payment, 500000, actor=pay.staff(Role.SUPER_ADMIN))
    outcome = pay.webhook("refund.processed", refund={"id": "rfnd_early", "amount": 500000,
                                                      "notes": {"medezy_refund_id": str(refund.id)}})
    pay.deliver()  # the queued send now finds the refund done and calls nobody
    assert "processed" in outcome and refund.status is RefundStatus.PROCESSED
    assert refund.provider_refund_id == "rfnd_early" and provider.named("refund") == []
    assert payment.status is PaymentStatus.REFUNDED


def test_pending_refund_is_completed_by_the_webhook_once(session, pay, provider):
    provider.refund_status = "pending"
    payment = pay.paid()
    refund = _refund(session, pay, payment, 10000)
    pay.deliver()
    assert refund.status is RefundStatus.PENDING
    for _ in range(3):
        pay.webhook("refund.processed", refund={"id": refund.provider_refund_id, "amount": 10000, "notes": {}})
    assert refund.status is RefundStatus.PROCESSED and _processed_events(session, payment) == 1


def test_a_failed_refund_frees_its_amount_again(session, pay, provider):
    provider.refund_status = "pending"
    payment = pay.paid()
    refund = _refund(session, pay, payment, 10000)
    pay.deliver()
    pay.webhook("refund.failed", refund={"id": refund.provider_refund_id, "amount": 10000, "notes": {}})
    assert refund.status is RefundStatus.FAILED and payment.refunded_paise == 0


@pytest.mark.parametrize("amount", [0, -100, 10.5, "100", 10**9])
def test_bad_amounts_are_refused_and_change_nothing(session, pay, amount):
    payment = pay.paid()
    with pytest.raises(ValidationError):
        _refund(session, pay, payment, amount)
    assert payment.refunded_paise == 0 and _refunds(session, payment.booking_id) == []


@pytest.mark.parametrize("key", ["short", "has spaces in it", "x" * 81, None])
def test_a_refund_needs_a_sensible_idempotency_key(session, pay, key):
    with pytest.raises(ValidationError, match="idempotency"):
        _refund(session, pay, pay.paid(), 100, key=key)


def test_refunds_never_add_up_to_more_than_was_paid(session, pay):
    payment = pay.paid(price_paise=500000)
    _refund(session, pay, payment, 300000, key="first-refund")
    with pytest.raises(ValidationError, match="can still be refunded"):
        _refund(session, pay, payment, 200001, key="second-refund")
    assert payment.refunded_paise == 300000


def test_the_same_key_returns_the_same_refund(session, pay):
    payment = pay.paid()
    first, again = _refund(session, pay, payment, 100), _refund(session, pay, payment, 100)
    assert first.id == again.id and payment.refunded_paise == 100


def test_the_same_key_for_a_different_amount_is_a_conflict(session, pay):
    payment = pay.paid()
    _refund(session, pay, payment, 100)
    with pytest.raises(Conflict):
        _refund(session, pay, payment, 200)


def test_patients_and_partners_cannot_ask_for_refunds(session, pay, factories):
    payment = pay.paid()
    with pytest.raises(Forbidden):
        _refund(session, pay, payment, 100, actor=Actor.of(payment.booking.user))


def test_a_large_refund_waits_for_a_super_admin(session, pay, provider):
    payment = pay.paid(price_paise=800000)
    refund = _refund(session, pay, payment, 600000)
    pay.deliver()
    assert refund.status is RefundStatus.AWAITING_APPROVAL and provider.named("refund") == []
    with pytest.raises(Forbidden):
        refunds.approve(session, actor=pay.staff(Role.FINANCE), refund_id=refund.id)
    refunds.approve(session, actor=pay.staff(Role.SUPER_ADMIN), refund_id=refund.id)
    pay.deliver()
    assert refund.status is RefundStatus.PROCESSED and provider.named("refund")[0]["amount_paise"] == 600000


def test_an_approved_refund_cannot_be_approved_again(session, pay):
    payment = pay.paid(price_paise=800000)
    refund = _refund(session, pay, payment, 600000)
    admin = pay.staff(Role.SUPER_ADMIN)
    refunds.approve(session, actor=admin, refund_id=refund.id)
    with pytest.raises(IllegalTransition):
        refunds.approve(session, actor=admin, refund_id=refund.id)


def test_a_rejected_refund_frees_its_amount(session, pay):
    payment = pay.paid(price_paise=800000)
    refund = _refund(session, pay, payment, 600000)
    refunds.reject(session, actor=pay.staff(Role.SUPER_ADMIN), refund_id=refund.id, reason="already compensated")
    assert refund.status is RefundStatus.REJECTED and payment.refunded_paise == 0


@pytest.mark.parametrize("hours_before,expected", [(48, 425000), (10, 212500), (2, None)])
def test_patient_cancellation_refunds_by_time_before_the_slot_and_keeps_the_fee(session, pay, hours_before, expected):
    payment = pay.paid(price_paise=500000)  # fee 75000, partner share 425000
    booking = payment.booking
    bookings.cancel(session, actor=Actor.of(booking.user), booking_id=booking.id, reason="cannot come",
                    now=booking.slot.starts_at - timedelta(hours=hours_before))
    pay.deliver()
    refund = session.scalar(select(Refund).where(Refund.booking_id == booking.id))
    assert (refund.amount_paise if refund else None) == expected


def test_a_center_cancellation_refunds_everything_once(session, pay):
    payment = pay.paid(price_paise=500000)
    booking = payment.booking
    partner = Actor.of(pay.f.staff(Role.PARTNER_STAFF, center=booking.center))
    bookings.cancel(session, actor=partner, booking_id=booking.id, reason="machine down")
    pay.deliver()
    pay.deliver()
    assert _refunds(session, booking.id) == [500000]
    assert payment.status is PaymentStatus.REFUNDED


def _with_route(pay, price=500000):
    center = pay.f.center(tier=Tier.BASIC)
    pay.session.add(PartnerAccount(center_id=center.id, provider_account_id=f"acc_test{center.id}",
                                   status=RouteStatus.ACTIVATED))
    payment = pay.paid(center=center, price_paise=price)
    pay.deliver()
    return payment, pay.session.scalar(select(Transfer).where(Transfer.payment_id == payment.id))


def test_the_partners_share_is_transferred_on_hold_and_released_when_the_scan_is_done(session, pay, provider):
    payment, transfer = _with_route(pay)
    assert transfer.amount_paise == 425000 and transfer.on_hold and transfer.status is TransferStatus.PROCESSED
    booking = payment.booking
    partner = Actor.of(pay.f.staff(Role.PARTNER_STAFF, center=booking.center))
    bookings.confirm(session, actor=partner, booking_id=booking.id)
    bookings.complete(session, actor=partner, booking_id=booking.id, now=booking.slot.starts_at + timedelta(hours=1))
    pay.deliver()
    assert not transfer.on_hold and provider.named("release_transfer") == [
        {"transfer_id": transfer.provider_transfer_id}]


def test_refunding_a_transferred_share_reverses_the_transfer_first(session, pay, provider):
    payment, transfer = _with_route(pay)
    refund = _refund(session, pay, payment, 500000, actor=pay.staff(Role.SUPER_ADMIN))
    pay.deliver()
    reversal = session.scalar(select(TransferReversal).where(TransferReversal.refund_id == refund.id))
    assert reversal.amount_paise == 425000 and transfer.reversed_paise == 425000
    assert [c for c, _ in provider.calls if c in ("reverse_transfer", "refund")] == ["reverse_transfer", "refund"]
    assert refund.status is RefundStatus.PROCESSED


def test_a_refund_before_the_transfer_went_out_shrinks_the_transfer(session, pay, provider):
    center = pay.f.center()
    session.add(PartnerAccount(center_id=center.id, provider_account_id="acc_shrink", status=RouteStatus.ACTIVATED))
    payment = pay.paid(center=center, price_paise=500000)
    _refund(session, pay, payment, 100000, key="before-transfer")
    pay.deliver()
    assert provider.named("transfer")[0]["amount_paise"] == 325000


def test_a_provider_refusal_marks_the_refund_failed_and_frees_the_amount(session, pay, provider):
    from core.payments.provider import ProviderError

    def refuse(**kw):
        raise ProviderError("payment already fully refunded", retryable=False)
    provider.refund = refuse
    payment = pay.paid()
    refund = _refund(session, pay, payment, 100)
    refund_sending.send(session, refund_id=refund.id, provider=provider)
    assert refund.status is RefundStatus.FAILED and payment.refunded_paise == 0


def test_an_unreachable_provider_leaves_the_refund_queued_for_the_next_try(session, pay, provider):
    from core.payments.provider import ProviderError

    def down(**kw):
        raise ProviderError("timeout", retryable=True)
    provider.refund = down
    refund = _refund(session, pay, pay.paid(), 100)
    with pytest.raises(ProviderError):
        refund_sending.send(session, refund_id=refund.id, provider=provider)
    assert refund.status is RefundStatus.QUEUED


def test_system_may_refund_but_a_held_booking_cancelled_owes_nothing(session, pay):
    booking = pay.hold()
    bookings.cancel(session, actor=SYSTEM, booking_id=booking.id, reason="duplicate booking")
    pay.deliver()
    assert _refunds(session, booking.id) == []


@pytest.mark.parametrize("hours_before,reversed_paise", [(2, 0), (10, 212500)])
def test_after_a_patient_cancellation_the_partner_keeps_what_was_not_refunded(session, pay, provider,
                                                                              hours_before, reversed_paise):
    payment, transfer = _with_route(pay)
    booking = payment.booking
    bookings.cancel(session, actor=Actor.of(booking.user), booking_id=booking.id, reason="cannot come",
                    now=booking.slot.starts_at - timedelta(hours=hours_before))
    pay.deliver()
    assert transfer.reversed_paise == reversed_paise and not transfer.on_hold
    assert provider.named("release_transfer") == [{"transfer_id": transfer.provider_transfer_id}]


def test_an_earlier_goodwill_refund_counts_against_the_cancellation_refund(session, pay):
    payment = pay.paid(price_paise=500000)
    _refund(session, pay, payment, 450000, key="goodwill-first", actor=pay.staff(Role.SUPER_ADMIN))
    bookings.cancel(session, actor=SYSTEM, booking_id=payment.booking_id, reason="center closed")
    pay.deliver()
    assert sorted(_refunds(session, payment.booking_id)) == [50000, 450000]
    assert payment.status is PaymentStatus.REFUNDED
