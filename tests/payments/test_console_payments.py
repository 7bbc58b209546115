"""Console routes: the Razorpay webhook, the sandbox checkout page and invoice downloads."""
import json
import re
import uuid

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.booking import service as bookings
from core.models import BookingStatus, Center, Invoice, Payment, PaymentStatus, Role, WebhookEvent
from core.payments import checkout, invoice_links
from core.payments.sandbox import events_for
from tests.conftest import otp_sign_in
from tests.factories import Factories


@pytest.fixture
def client(app):
    return app.test_client()


def _held_payment(container) -> Payment:
    with container.uow() as uow:
        f = Factories(uow.session)
        patient = f.patient()
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id,
                                patient=bookings.PatientDetails("Ravi Kumar"))
        payment = checkout.start_checkout(uow.session, booking_id=booking.id, provider=container.adapters["payments"], finance=container.adapters["finance"])
        uow.commit()
        return payment


def _post(client, container, body: bytes, signature: str | None = None, event_id: str | None = None):
    provider = container.adapters["payments"]
    return client.post("/webhooks/razorpay", data=body, content_type="application/json",
                       headers={"X-Razorpay-Signature": signature or provider.sign(body),
                                "x-razorpay-event-id": event_id or f"evt_{uuid.uuid4().hex[:12]}"})


def _events(payment):
    return events_for(link_id=payment.provider_link_id, reference_id=str(payment.id),
                      amount_paise=payment.amount_paise, paid=True)


def test_a_signed_webhook_confirms_the_payment(client, container):
    payment = _held_payment(container)
    for event_id, body in _events(payment):
        assert _post(client, container, body, event_id=event_id).status_code == 200
    with container.uow() as uow:
        assert uow.session.get(Payment, payment.id).booking.status is BookingStatus.PENDING


def test_a_bad_signature_gets_400_and_changes_nothing(client, container):
    payment = _held_payment(container)
    event_id, body = _events(payment)[0]
    response = _post(client, container, body, signature="deadbeef", event_id=event_id)
    assert response.status_code == 400 and "signature" in response.get_json()["error"]
    with container.uow() as uow:
        assert uow.session.get(Payment, payment.id).status is PaymentStatus.CREATED
        assert uow.session.scalar(select(func.count()).where(WebhookEvent.event_id == event_id)) == 0


def test_malformed_json_gets_400(client, container):
    assert _post(client, container, b"{oops").status_code == 400


def test_the_sandbox_pay_button_fires_the_signed_webhooks(client, container):
    payment = _held_payment(container)
    page = client.get(f"/sandbox/pay/{payment.provider_link_id}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    response = client.post(f"/sandbox/pay/{payment.provider_link_id}", data={"csrf_token": token, "pay": "Pay"})
    assert response.status_code == 200 and "pending" in response.get_data(as_text=True)
    with container.uow() as uow:
        assert uow.session.get(Payment, payment.id).status is PaymentStatus.PAID


def test_the_sandbox_fail_button_fails_the_attempt(client, container):
    payment = _held_payment(container)
    page = client.get(f"/sandbox/pay/{payment.provider_link_id}")
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.get_data(as_text=True)).group(1)
    client.post(f"/sandbox/pay/{payment.provider_link_id}", data={"csrf_token": token, "fail": "Fail"})
    with container.uow() as uow:
        assert uow.session.get(Payment, payment.id).status is PaymentStatus.FAILED


def test_an_unknown_sandbox_link_is_404(client):
    assert client.get("/sandbox/pay/plink_nope").status_code == 404


def test_the_patient_downloads_their_invoice_through_a_signed_link(client, container):
    payment = _held_payment(container)
    for event_id, body in _events(payment):
        _post(client, container, body, event_id=event_id)
    with container.uow() as uow:
        invoice_id = uow.session.scalar(select(Invoice.id).where(Invoice.booking_id == payment.booking_id))
    url = invoice_links.url(invoice_id, base_url="", secret=container.settings.secret_key)
    response = client.get(url)
    assert response.status_code == 200 and response.data.startswith(b"%PDF")
    assert client.get(url.replace("sig=", "sig=0")).status_code == 403


def test_staff_invoice_download_needs_a_signed_in_user(client, container):
    response = client.get("/staff/invoices/1.pdf")
    assert response.status_code == 302 and response.location.startswith("/login")


# Another center's invoice is a 404 to a partner (as every other row of theirs); a role without the right, 403.
@pytest.mark.parametrize("role,own_center,status", [(Role.FINANCE, False, 200), (Role.PARTNER_STAFF, True, 200),
                                                    (Role.PARTNER_STAFF, False, 404), (Role.MARKETING, False, 403)])
def test_staff_download_is_scoped_by_role_and_center(client, container, role, own_center, status):
    payment = _held_payment(container)
    for event_id, body in _events(payment):
        _post(client, container, body, event_id=event_id)
    with container.uow() as uow:
        f = Factories(uow.session)
        invoice = uow.session.scalar(select(Invoice).where(Invoice.booking_id == payment.booking_id))
        center = uow.session.get(Center, invoice.center_id) if own_center else f.center()
        user = f.staff(role, center=center if role is Role.PARTNER_STAFF else None)
        phone, invoice_id = user.phone, invoice.id
        uow.commit()
    otp_sign_in(client, container, phone)
    assert client.get(f"/staff/invoices/{invoice_id}.pdf").status_code == status


def test_the_return_page_says_confirmation_follows(client):
    assert "confirming your payment" in client.get("/payments/return").get_data(as_text=True)


def test_json_error_body_is_json(client, container):
    body = json.dumps({"event": "order.paid", "payload": {}}).encode()
    assert "not one MedEzy handles" in _post(client, container, body).get_json()["error"]
