"""The patient hears how an approval-waiting refund was decided (topic refund_decided)."""
from datetime import timedelta

import pytest

from core import topics
from wiring import tasks
from core import outbox
from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.conversations import log
from core.models import Payment, PaymentStatus, Refund, RefundKind, RefundStatus, Role
from tests.factories import Factories
from tests.gateway.test_patient_updates import _sent


@pytest.fixture
def refund(gateway):
    """(refund, booking): a rejected ₹6,000 refund of a patient who wrote to us an hour ago."""
    with gateway.session_factory() as session:
        f = Factories(session)
        patient, slot = f.patient(), f.slot()
        booking = bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                patient=bookings.PatientDetails(name="Meera Pillai"))
        payment = Payment(booking_id=booking.id, amount_paise=800000, provider="sandbox", status=PaymentStatus.PAID)
        session.add(payment)
        session.flush()
        row = Refund(payment_id=payment.id, booking_id=booking.id, amount_paise=600000, kind=RefundKind.MANUAL,
                     status=RefundStatus.REJECTED, reason="scan not done", idempotency_key=f"msg-{payment.id}-key",
                     requested_by_role=Role.SUPPORT_AGENT, failure_reason="the center has the scan on record")
        session.add(row)
        log.get_or_create(session, phone=patient.phone).last_inbound_at = now_utc() - timedelta(hours=1)
        session.commit()
        return row, booking


def _deliver(gateway, **payload):
    with gateway.uow() as uow:
        message = outbox.emit(uow.session, topics.REFUND_DECIDED, **payload)
        uow.session.commit()
    tasks.deliver_outbox(gateway, message.id)
    gateway.jobs.drain()


def test_an_approved_refund_is_announced_with_its_amount(gateway, refund):
    row, booking = refund
    _deliver(gateway, refund_id=row.id, approved=True)
    [text] = _sent(gateway, booking)
    assert "₹6,000" in text and "approved" in text


def test_a_rejected_refund_says_why(gateway, refund):
    row, booking = refund
    _deliver(gateway, refund_id=row.id, approved=False)
    [text] = _sent(gateway, booking)
    assert "could not approve" in text and "the center has the scan on record" in text
