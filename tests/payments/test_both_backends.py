"""The money paths also hold on SQLite, the embedded default's database."""
from sqlalchemy import select

from core.actors import SYSTEM
from core.booking import service as bookings
from core.models import BookingStatus, Invoice, PaymentStatus, Refund, RefundStatus


def test_pay_replay_cancel_and_refund_on_either_database(any_session, any_pay):
    payment = any_pay.paid(price_paise=500000)
    for event_id, body in any_pay.events(payment):
        any_pay.send(body, event_id + "-again")
    bookings.cancel(any_session, actor=SYSTEM, booking_id=payment.booking_id, reason="center closed")
    any_pay.deliver()
    any_session.commit()
    refund = any_session.scalar(select(Refund).where(Refund.payment_id == payment.id))
    assert payment.booking.status is BookingStatus.CANCELLED and payment.status is PaymentStatus.REFUNDED
    assert (refund.amount_paise, refund.status) == (500000, RefundStatus.PROCESSED)
    assert any_session.scalar(select(Invoice.number).where(Invoice.booking_id == payment.booking_id)).startswith("MZ")
