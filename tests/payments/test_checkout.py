"""Checkout: a payment link for a held booking, and a retry link after a failure."""
from datetime import timedelta

import pytest

from core.clock import now_utc
from core.errors import IllegalTransition
from core.models import PaymentStatus
from core.payments import checkout, credits
from tests.payments.conftest import FINANCE, later


def test_link_is_for_the_price_until_the_hold_expires_with_our_payment_id(session, pay, provider):
    booking = pay.hold(price_paise=550000)
    payment = pay.checkout(booking)
    request = provider.named("create_link")[0]["request"]
    assert payment.status is PaymentStatus.CREATED and payment.amount_paise == 550000
    assert request.amount_paise == 550000 and request.expire_by == booking.hold_expires_at
    assert request.reference_id == str(payment.id) and payment.link_url.endswith(payment.provider_link_id)


def test_asking_twice_returns_the_same_live_link(session, pay, provider):
    booking = pay.hold()
    assert pay.checkout(booking).id == pay.checkout(booking).id
    assert len(provider.named("create_link")) == 1


def test_a_booking_that_is_not_held_cannot_be_paid_for(session, pay):
    booking = pay.hold()
    pay.paid(booking)
    with pytest.raises(IllegalTransition, match="only a held booking"):
        pay.checkout(booking)


def test_a_lapsed_hold_cannot_be_paid_for(session, pay):
    booking = pay.hold()
    with pytest.raises(IllegalTransition, match="lapsed") as lapsed:
        pay.checkout(booking, now=booking.hold_expires_at + timedelta(seconds=1))
    assert lapsed.value.code == "hold_expired"  # the bot words it in the patient's language


def test_goodwill_credit_lowers_the_amount_but_never_below_the_partners_share(session, pay, factories):
    patient = factories.patient()
    credits.issue(session, actor=pay.staff(), user_id=patient.id, amount_paise=100000,
                  reason="late report last time", finance=FINANCE)
    payment = pay.checkout(pay.hold(patient=patient, price_paise=500000))  # basic tier fee: 15% = 75000
    assert payment.credit_applied_paise == 75000 and payment.amount_paise == 425000


def test_credit_on_one_live_link_is_not_offered_to_a_second_booking(session, pay, factories):
    patient = factories.patient()
    credits.issue(session, actor=pay.staff(), user_id=patient.id, amount_paise=50000, reason="sorry", finance=FINANCE)
    first = pay.checkout(pay.hold(patient=patient))
    second = pay.checkout(pay.hold(patient=patient))
    assert (first.credit_applied_paise, second.credit_applied_paise) == (50000, 0)


def test_after_a_failed_payment_the_patient_gets_a_new_link_while_the_hold_lasts(session, pay, provider):
    booking = pay.hold()
    first = pay.checkout(booking)
    (event_id, body), = pay.events(first, paid=False)
    pay.send(body, event_id)
    retry = checkout.retry_checkout(session, booking_id=booking.id, provider=provider, finance=FINANCE)
    assert first.status is PaymentStatus.FAILED and retry.id != first.id
    assert retry.status is PaymentStatus.CREATED and retry.provider_link_id != first.provider_link_id


def test_retry_replaces_an_unpaid_link_and_cancels_it_at_the_provider(session, pay, provider):
    booking = pay.hold()
    first = pay.checkout(booking)
    checkout.retry_checkout(session, booking_id=booking.id, provider=provider, finance=FINANCE)
    assert first.status is PaymentStatus.EXPIRED
    assert provider.named("cancel_link") == [{"link_id": first.provider_link_id}]


def test_no_retry_once_the_hold_has_lapsed(session, pay, provider):
    booking = pay.hold()
    pay.checkout(booking)
    with pytest.raises(IllegalTransition):
        checkout.retry_checkout(session, booking_id=booking.id, provider=provider,
                                now=now_utc() + timedelta(minutes=11), finance=FINANCE)


def test_a_lapsed_hold_retires_its_unpaid_link_at_the_provider(session, pay, provider):
    from core.booking import sweep
    booking = pay.hold(now=later(-30))
    payment = pay.checkout(booking, now=later(-30))
    sweep.expire_lapsed_holds(session)
    pay.deliver()
    assert payment.status is PaymentStatus.EXPIRED and payment.failure_reason == "the hold lapsed unpaid"
    # The sweep expires every lapsed hold in the shared test database, other tests' too: count only ours.
    cancelled = [call["link_id"] for call in provider.named("cancel_link")]
    assert cancelled.count(payment.provider_link_id) == 1
