"""Razorpay webhooks: verified, applied once, in any order, days late."""
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.clock import now_utc
from core.errors import ValidationError
from core.models import (AnalyticsEvent, BookingStatus, Invoice, Payment, PaymentFlag, PaymentStatus, Refund,
                         RefundKind, RefundStatus, WebhookEvent)
from core.payments import webhooks
from core.payments.sandbox import events_for
from tests.payments.conftest import FINANCE

S = BookingStatus


def _count(session, model, *where) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*where))


def test_paying_the_link_moves_the_booking_to_pending_and_issues_an_invoice(session, pay):
    payment = pay.paid()
    assert payment.status is PaymentStatus.PAID and payment.booking.status is S.PENDING
    assert _count(session, Invoice, Invoice.booking_id == payment.booking_id) == 1
    assert _count(session, AnalyticsEvent, AnalyticsEvent.name == "payment_succeeded",
                  AnalyticsEvent.booking_id == payment.booking_id) == 1


def test_ten_replays_of_every_event_change_nothing(session, pay):
    booking = pay.hold()
    payment = pay.checkout(booking)
    events = pay.events(payment)
    for event_id, body in events:
        pay.send(body, event_id)
    before = [_count(session, m) for m in (WebhookEvent, AnalyticsEvent, Invoice, Refund)]
    for _ in range(10):
        for event_id, body in events:
            assert pay.send(body, event_id).endswith("already handled")
    assert [_count(session, m) for m in (WebhookEvent, AnalyticsEvent, Invoice, Refund)] == before
    assert booking.status is S.PENDING and booking.slot.claimed == 1


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_captured_and_link_paid_converge_in_either_order(session, pay, order):
    booking = pay.hold()
    payment = pay.checkout(booking)
    events = pay.events(payment)
    outcomes = [pay.send(events[i][1], events[i][0]) for i in order]
    assert "pending" in outcomes[0] and "already captured" in outcomes[1]
    assert payment.status is PaymentStatus.PAID and booking.status is S.PENDING


def test_a_failure_reported_after_the_capture_is_ignored(session, pay):
    payment = pay.paid()
    (event_id, body), = events_for(link_id=payment.provider_link_id, reference_id=str(payment.id),
                                   amount_paise=payment.amount_paise, paid=False)
    assert "ignored" in pay.send(body, event_id)
    assert payment.status is PaymentStatus.PAID


def test_payment_after_the_hold_lapsed_revives_the_booking_if_the_slot_is_free(session, pay):
    booking = pay.hold()
    payment = pay.checkout(booking)
    late = booking.hold_expires_at + timedelta(minutes=30)
    for event_id, body in pay.events(payment):
        pay.send(body, event_id, now=late)
    assert booking.status is S.PENDING and booking.slot.claimed == 1 and payment.flag is None


def test_payment_after_someone_else_took_the_slot_is_flagged_and_refunded_in_full(session, pay, factories):
    slot = factories.slot(capacity=1)
    late_booking = pay.hold(slot=slot)
    payment = pay.checkout(late_booking)
    pay.hold(slot=slot, now=late_booking.hold_expires_at + timedelta(minutes=1))  # the next patient
    for event_id, body in pay.events(payment):
        pay.send(body, event_id, now=late_booking.hold_expires_at + timedelta(minutes=2))
    refund = session.scalar(select(Refund).where(Refund.payment_id == payment.id))
    assert late_booking.status is S.EXPIRED and slot.claimed == 1  # never overbooked
    assert payment.flag is PaymentFlag.LATE_SLOT_TAKEN
    assert (refund.kind, refund.status, refund.amount_paise) == (RefundKind.CORRECTIVE, RefundStatus.QUEUED,
                                                                 payment.amount_paise)


def test_payment_for_a_booking_cancelled_meanwhile_is_refunded(session, pay):
    from core.actors import SYSTEM
    from core.booking import service as bookings
    booking = pay.hold()
    payment = pay.checkout(booking)
    bookings.cancel(session, actor=SYSTEM, booking_id=booking.id, reason="patient called to cancel")
    for event_id, body in pay.events(payment):
        pay.send(body, event_id)
    assert payment.flag is PaymentFlag.BOOKING_CLOSED and booking.status is S.CANCELLED
    assert _count(session, Refund, Refund.payment_id == payment.id) == 1


def test_an_old_link_paid_after_the_new_one_is_refunded_as_a_duplicate(session, pay, provider):
    from core.payments import checkout
    booking = pay.hold()
    old = pay.checkout(booking)
    new = checkout.retry_checkout(session, booking_id=booking.id, provider=provider, finance=FINANCE)
    for payment in (new, old):
        for event_id, body in pay.events(payment):
            pay.send(body, event_id)
    assert new.flag is None and old.flag is PaymentFlag.DUPLICATE
    assert session.scalars(select(Refund.payment_id).where(Refund.booking_id == booking.id)).all() == [old.id]


def test_an_expired_link_is_marked_expired(session, pay):
    payment = pay.checkout(pay.hold())
    assert "expired" in pay.webhook("payment_link.expired", payment_link={"id": payment.provider_link_id})
    assert payment.status is PaymentStatus.EXPIRED


def test_a_bad_signature_is_refused_and_changes_nothing(session, pay):
    payment = pay.checkout(pay.hold())
    event_id, body = pay.events(payment)[0]
    before = _count(session, WebhookEvent)
    with pytest.raises(webhooks.BadWebhook, match="signature"):
        pay.send(body, event_id, signature="0" * 64)
    with pytest.raises(webhooks.BadWebhook):
        pay.send(body + b" ", event_id, signature=pay.provider.sign(body))  # body changed after signing
    assert _count(session, WebhookEvent) == before and payment.status is PaymentStatus.CREATED


@pytest.mark.parametrize("body,message", [
    (b"{not json", "not valid JSON"),
    (b'["a list"]', "no payload"),
    (json.dumps({"event": "order.paid", "payload": {}}).encode(), "not one MedEzy handles"),
    (json.dumps({"event": "payment.captured", "payload": {"payment": {"entity": {"id": "pay_1", "amount": -5,
                                                                                  "notes": {}}}}}).encode(),
     "positive number"),
])
def test_malformed_or_unknown_events_get_a_clear_error_and_change_nothing(session, pay, body, message):
    before = _count(session, WebhookEvent)
    with pytest.raises(ValidationError, match=message):
        pay.send(body)
    session.rollback()
    assert _count(session, WebhookEvent) == before


def test_an_event_without_an_event_id_is_refused(session, pay):
    payment = pay.checkout(pay.hold())
    _, body = pay.events(payment)[0]
    with pytest.raises(webhooks.BadWebhook, match="event-id"):
        webhooks.receive(session, body=body, signature=pay.provider.sign(body), event_id=None,
                         provider=pay.provider, finance=FINANCE)


def test_a_payment_we_do_not_know_is_stored_for_ops_and_changes_nothing(session, pay):
    paid = _count(session, Payment, Payment.status == PaymentStatus.PAID)
    outcome = pay.webhook("payment.captured", payment={"id": "pay_unknown", "amount": 100, "notes": {}})
    assert "none of ours" in outcome and _count(session, Payment, Payment.status == PaymentStatus.PAID) == paid


def test_a_capture_days_late_still_confirms_a_revivable_booking(session, pay):
    booking = pay.hold()
    payment = pay.checkout(booking)
    for event_id, body in pay.events(payment):
        pay.send(body, event_id, now=now_utc() + timedelta(hours=3))
    assert booking.status is S.PENDING
