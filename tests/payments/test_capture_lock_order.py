"""Two links of one booking captured at the same moment on real PostgreSQL: one confirms, the other is
refunded, and neither transaction deadlocks (capture locks the booking before the payment)."""
import threading
from concurrent.futures import ThreadPoolExecutor

from core.actors import Actor
from core.booking import service as bookings
from core.models import Booking, BookingStatus, Payment, PaymentFlag
from core.payments import checkout, webhooks
from core.payments.sandbox import events_for
from tests.factories import Factories
from tests.payments.conftest import FINANCE

PAIRS = 8


def _booking_with_two_links(container) -> tuple[int, list[Payment]]:
    provider = container.adapters["payments"]
    with container.uow() as uow:
        f = Factories(uow.session)
        patient = f.patient()
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id,
                                patient=bookings.PatientDetails("Asha Rao"))
        first = checkout.start_checkout(uow.session, booking_id=booking.id, provider=provider, finance=FINANCE)
        second = checkout.retry_checkout(uow.session, booking_id=booking.id, provider=provider, finance=FINANCE)
        uow.commit()
        return booking.id, [first, second]


def _capture_together(container, payments: list[Payment]) -> list[str]:
    provider = container.adapters["payments"]
    captures = [events_for(link_id=p.provider_link_id, reference_id=str(p.id), amount_paise=p.amount_paise,
                           paid=True)[0] for p in payments]
    start = threading.Barrier(len(captures))

    def deliver(event):
        event_id, body = event
        with container.uow() as uow:
            start.wait()
            outcome = webhooks.receive(uow.session, body=body, signature=provider.sign(body), event_id=event_id,
                                       provider=provider, finance=FINANCE)
            uow.commit()
            return outcome
    with ThreadPoolExecutor(len(captures)) as pool:
        return list(pool.map(deliver, captures))  # a deadlock would raise here


def test_two_links_captured_at_once_confirm_once_and_refund_the_other(container):
    for _ in range(PAIRS):
        booking_id, payments = _booking_with_two_links(container)
        outcomes = _capture_together(container, payments)
        with container.uow() as uow:
            flags = [uow.session.get(Payment, p.id).flag for p in payments]
            status = uow.session.get(Booking, booking_id).status
        assert status is BookingStatus.PENDING, outcomes
        assert sorted(flags, key=str) == sorted([None, PaymentFlag.DUPLICATE], key=str), outcomes
    container.jobs.drain()
