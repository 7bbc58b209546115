"""Production wiring end to end: RazorpayProvider (real SDK) on a fake API, webhooks through the console."""
import json
import uuid

import pytest

from console.app import create_app
from core.actors import Actor
from core.booking import service as bookings
from core.models import BookingStatus, Payment, PaymentStatus, Refund, RefundStatus, Role
from core.payments import checkout, refunds, signing
from core.settings import Settings
from tests.factories import Factories
from tests.payments.fake_razorpay import KEY_ID, KEY_SECRET
from wiring.container import build

SECRET = "whsec-e2e"


@pytest.fixture
def live(pg_url, tmp_path, fake):
    settings = Settings(database_url=pg_url, storage_dir=str(tmp_path), secret_key="e2e", payment_provider="razorpay",
                        razorpay_key_id=KEY_ID, razorpay_key_secret=KEY_SECRET, razorpay_webhook_secret=SECRET,
                        razorpay_base_url=f"{fake.url}/v1")
    built = build(settings)
    yield built, create_app(built).test_client()
    built.jobs.drain()
    built.engine.dispose()


def _webhook(client, event: str, **entities):
    body = json.dumps({"entity": "event", "event": event, "contains": list(entities),
                       "payload": {k: {"entity": v} for k, v in entities.items()}}).encode()
    return client.post("/webhooks/razorpay", data=body, content_type="application/json",
                       headers={"X-Razorpay-Signature": signing.sign(body, SECRET),
                                "x-razorpay-event-id": f"evt_{uuid.uuid4().hex[:14]}"})


def test_link_payment_refund_and_confirmation_through_razorpay(live, fake):
    container, client = live
    with container.uow() as uow:
        f = Factories(uow.session)
        patient, finance = f.patient(), f.staff(Role.FINANCE)
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id,
                                slot_id=f.slot(price_paise=500000).id, patient=bookings.PatientDetails("Meera Iyer"))
        payment = checkout.start_checkout(uow.session, booking_id=booking.id, provider=container.adapters["payments"], finance=container.adapters["finance"])
        uow.commit()
    link = fake.links[payment.provider_link_id]
    pay_id = fake.pay(link["amount"])
    paid = _webhook(client, "payment_link.paid", payment_link={**link, "status": "paid"},
                    payment={"id": pay_id, "amount": link["amount"], "notes": link["notes"]})
    assert paid.status_code == 200, paid.get_json()
    with container.uow() as uow:
        refund = refunds.request(uow.session, actor=Actor.of(finance), payment_id=payment.id, amount_paise=50000,
                                 reason="report delayed", idempotency_key="e2e-refund-1", finance=container.adapters["finance"])
        uow.commit()
        refund_id = refund.id
    container.jobs.drain()
    with container.uow() as uow:
        refund = uow.session.get(Refund, refund_id)
        assert refund.status is RefundStatus.PENDING and fake.payments[pay_id]["refunded"] == 50000
        provider_refund_id = refund.provider_refund_id
    done = _webhook(client, "refund.processed", refund={"id": provider_refund_id, "amount": 50000,
                                                        "payment_id": pay_id, "notes": {}})
    assert done.status_code == 200
    with container.uow() as uow:
        payment = uow.session.get(Payment, payment.id)
        assert payment.status is PaymentStatus.PARTIALLY_REFUNDED
        assert payment.booking.status is BookingStatus.PENDING
        assert uow.session.get(Refund, refund_id).status is RefundStatus.PROCESSED
    assert [r[1] for r in fake.requests] == ["/v1/payment_links", f"/v1/payments/{pay_id}/refund"]
