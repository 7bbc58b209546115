"""Settlement reconciliation: the provider's recon report against our payments and refunds."""
from __future__ import annotations

import pytest

from core.errors import ValidationError
from core.models import Booking, BookingStatus, Payment
from core.models.payments import PaymentStatus
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.models.users import Role
from core.payments.reconciliation import ReportItem, reconcile


@pytest.fixture
def books(session, factories):
    slot, patient = factories.slot(), factories.patient()
    booking = Booking(reference="MZRECON01", user_id=patient.id, slot_id=slot.id, center_id=slot.center_id,
                      service_id=slot.service_id, status=BookingStatus.CANCELLED, price_paise=500000,
                      patient_name=patient.name)
    session.add(booking)
    session.flush()
    paid = Payment(booking_id=booking.id, amount_paise=500000, provider="razorpay", status=PaymentStatus.PAID,
                   provider_payment_id="pay_RECON_ok")
    unpaid = Payment(booking_id=booking.id, amount_paise=500000, provider="razorpay", status=PaymentStatus.CREATED,
                     provider_payment_id="pay_RECON_open")
    session.add_all([paid, unpaid])
    session.flush()
    session.add(Refund(payment_id=paid.id, booking_id=booking.id, amount_paise=200000, kind=RefundKind.MANUAL,
                       status=RefundStatus.PENDING, reason="goodwill", idempotency_key="recon-1",
                       requested_by_role=Role.SUPPORT_AGENT, provider_refund_id="rfnd_RECON_1"))
    session.flush()


def _item(entity_id, type_, amount):
    return ReportItem.parse({"entity_id": entity_id, "type": type_, "amount": amount, "fee": 2900, "tax": 522})


def test_matching_items_are_not_listed(session, books):
    assert reconcile(session, items=[_item("pay_RECON_ok", "payment", 500000)]) == []


def test_every_disagreement_is_listed_with_both_amounts(session, books):
    found = reconcile(session, items=[
        _item("pay_RECON_ok", "payment", 499000), _item("pay_RECON_open", "payment", 500000),
        _item("pay_RECON_stranger", "payment", 100), _item("rfnd_RECON_1", "refund", 200000),
        _item("trf_RECON_1", "transfer", 400000)])
    assert [(m.entity_id, m.problem, m.ours_paise, m.theirs_paise) for m in found] == [
        ("pay_RECON_ok", "amount", 500000, 499000), ("pay_RECON_open", "not_captured", 500000, 500000),
        ("pay_RECON_stranger", "unknown", None, 100), ("rfnd_RECON_1", "not_processed", 200000, 200000)]


@pytest.mark.parametrize("raw", [["not", "an", "object"], {"entity_id": "pay_1", "type": "payment"},
                                 {"entity_id": "pay_1", "type": "payment", "amount": "12.50"},
                                 {"entity_id": "pay_1", "type": "payment", "amount": True}])
def test_a_malformed_item_is_a_clear_error(raw):
    with pytest.raises(ValidationError):
        ReportItem.parse(raw)
