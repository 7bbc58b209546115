"""Ops finds a booking on the admin list by reference, patient phone in any format or name (core's finder),
sees the refund the policy gives before cancelling, and resends a held booking's payment link."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from core.models import Booking, BookingStatus, Notification, Payment, Refund, RefundStatus, Role
from tests.admin_ops.conftest import audit_actions, post
from tests.factories import Factories
from tests.payments.conftest import Payments, RecordingProvider

LIST = "/admin/bookings/"


def _listed(client, search: str) -> str:
    answer = client.get(LIST, query_string={"search": search})
    assert answer.status_code == 200
    return answer.get_data(as_text=True)


def test_the_list_finds_a_booking_by_reference_phone_or_name(world, signed_in):
    client = signed_in(Role.OPS_MANAGER)
    mine, other = world["bookings"]
    digits = world["phones"][0][-10:]
    for search in (mine.reference.lower(), f"0{digits[:5]} {digits[5:]}", f"+91-{digits[:5]}-{digits[5:]}",
                   digits, "patient of " + world["centers"][0].name.lower()):
        html = _listed(client, search)
        assert mine.reference in html and other.reference not in html, search


@pytest.mark.parametrize("search", ["   ", "\x00", "%", "MZ" + "9" * 60, "nobody by this name"])
def test_odd_searches_find_nothing_and_never_fail(world, signed_in, search):
    html = _listed(signed_in(Role.OPS_MANAGER), search)
    assert world["bookings"][0].reference not in html or search.strip() == ""


def test_the_cancel_form_shows_the_policy_refund_first(container, signed_in, world):
    with container.session_factory() as session:
        payment = Payments(session, Factories(session), RecordingProvider()).paid(price_paise=800000)
        booking_id = payment.booking_id
        session.commit()
    html = signed_in(Role.OPS_MANAGER).get(f"{LIST}details/?id={booking_id}").get_data(as_text=True)
    preview = html.index('id="refund-preview"')
    assert preview < html.index('id="cancel-reason"')  # the amount comes before the reason and the button
    text = html[preview:html.index('id="cancel-reason"')]
    assert "Cancelling now refunds <strong>₹8,000" in text and "full refund" in text and "second person" in text


def test_an_unpaid_booking_says_nothing_is_refunded(world, signed_in):
    html = signed_in(Role.OPS_MANAGER).get(f"{LIST}details/?id={world['bookings'][0].id}").get_data(as_text=True)
    assert "Nothing was paid, so nothing is refunded." in html


def test_ops_resend_a_held_bookings_payment_link_and_it_is_audited(container, world, signed_in):
    booking = world["bookings"][0]
    details, resend = f"{LIST}details/?id={booking.id}", f"{LIST}resend-link/?id={booking.id}"
    client = signed_in(Role.OPS_MANAGER)
    answer = post(client, details, resend, field="resend-csrf_token", follow_redirects=True)
    assert "Payment link sent again" in answer.get_data(as_text=True)
    with container.session_factory() as session:
        payment = session.scalar(select(Payment).where(Payment.booking_id == booking.id))
        sent = session.scalar(select(Notification).where(Notification.booking_id == booking.id,
                                                         Notification.trigger == "manual"))
        assert payment.link_url and payment.link_url in sent.body and booking.reference in sent.body
        notification_id = sent.id
    assert audit_actions(container, "notification", notification_id)[0][0] == "message.sent_manually"


def test_a_paid_booking_offers_no_resend_and_a_forced_one_changes_nothing(container, world, signed_in, paid):
    booking_id = paid(world["bookings"][0])
    details, resend = f"{LIST}details/?id={booking_id}", f"{LIST}resend-link/?id={booking_id}"
    client = signed_in(Role.OPS_MANAGER)
    assert "resend-form" not in client.get(details).get_data(as_text=True)
    answer = post(client, details, resend, field="resend-csrf_token", follow_redirects=True)
    assert answer.status_code == 200 and "there is no payment to ask for" in answer.get_data(as_text=True)
    with container.session_factory() as session:
        assert session.scalar(select(Notification).where(Notification.booking_id == booking_id,
                                                         Notification.trigger == "manual")) is None


def test_finance_may_not_resend_and_a_missing_booking_is_404(world, signed_in):
    booking = world["bookings"][0]
    assert signed_in(Role.FINANCE).post(f"{LIST}resend-link/?id={booking.id}").status_code == 403
    ops = signed_in(Role.OPS_MANAGER)
    assert ops.post(f"{LIST}resend-link/?id=987654").status_code == 404
    assert ops.post(f"{LIST}resend-link/?id={booking.id}").status_code == 400  # no CSRF token


def test_ops_cancel_with_the_refund_the_preview_promised(container, signed_in):
    with container.session_factory() as session:
        payment = Payments(session, Factories(session), RecordingProvider()).paid(price_paise=800000)
        booking_id, payment_id = payment.booking_id, payment.id
        session.commit()
    details = f"{LIST}details/?id={booking_id}"
    client = signed_in(Role.OPS_MANAGER)
    answer = post(client, details, f"{LIST}act/cancel/?id={booking_id}", {"cancel-reason": "machine down"},
                  field="cancel-csrf_token", follow_redirects=True)
    assert "Booking cancelled" in answer.get_data(as_text=True)
    container.jobs.drain()  # the refund follows the cancellation through the outbox
    with container.session_factory() as session:
        assert session.get(Booking, booking_id).status is BookingStatus.CANCELLED
        [refund] = session.scalars(select(Refund).where(Refund.payment_id == payment_id)).all()
        assert refund.amount_paise == 800000 and refund.status is RefundStatus.AWAITING_APPROVAL  # above ₹5,000


def test_ops_reschedule_from_the_admin_booking_page(container, world, signed_in, paid, make):
    booking = world["bookings"][0]
    booking_id = paid(booking)
    later = make(lambda f: f.slot(f.session.get(Booking, booking_id).center, f.session.get(Booking, booking_id).service,
                                  starts_at=f.session.get(Booking, booking_id).slot.starts_at + timedelta(days=2)).id)
    details = f"{LIST}details/?id={booking_id}"
    client = signed_in(Role.OPS_MANAGER)
    assert f'<option value="{later}">' in client.get(details).get_data(as_text=True)
    answer = post(client, details, f"{LIST}act/reschedule/?id={booking_id}",
                  {"reschedule-new_slot_id": str(later), "reschedule-reason": "patient asked by phone"},
                  field="reschedule-csrf_token", follow_redirects=True)
    assert "Moved to the new slot" in answer.get_data(as_text=True)
    with container.session_factory() as session:
        assert session.get(Booking, booking_id).slot_id == later
