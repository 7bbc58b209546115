"""Concurrency on real PostgreSQL: parallel refunds and parallel webhook deliveries never duplicate money."""
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import func, select

from core.actors import Actor
from core.booking import service as bookings
from core.errors import DomainError
from core.models import Payment, PaymentStatus, Refund, Role, WebhookEvent
from core.payments import checkout, refunds, webhooks
from core.payments.sandbox import events_for
from tests.factories import Factories
from tests.payments.conftest import FINANCE

THREADS = 8


def _paid_payment(container) -> tuple[int, int]:
    provider = container.adapters["payments"]
    with container.uow() as uow:
        f = Factories(uow.session)
        patient, staff = f.patient(), f.staff(Role.FINANCE)
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id,
                                slot_id=f.slot(price_paise=400000).id, patient=bookings.PatientDetails("Asha Rao"))
        payment = checkout.start_checkout(uow.session, booking_id=booking.id, provider=provider, finance=FINANCE)
        for event_id, body in _events(payment):
            webhooks.receive(uow.session, body=body, signature=provider.sign(body), event_id=event_id,
                             provider=provider, finance=FINANCE)
        uow.commit()
        return payment.id, staff.id


def _events(payment):
    return events_for(link_id=payment.provider_link_id, reference_id=str(payment.id),
                      amount_paise=payment.amount_paise, paid=True)


def _request(container, payment_id, staff_id, amount, key):
    try:
        with container.uow() as uow:
            refund = refunds.request(uow.session, actor=Actor(Role.FINANCE, staff_id), payment_id=payment_id,
                                     amount_paise=amount, reason="parallel", idempotency_key=key, finance=FINANCE)
            uow.commit()
            return refund.id
    except DomainError:
        return None


def test_parallel_refunds_never_exceed_the_captured_amount(container):
    payment_id, staff_id = _paid_payment(container)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda i: _request(container, payment_id, staff_id, 150000, f"parallel-{i:04d}"),
                                range(THREADS)))
    container.jobs.drain()
    with container.uow() as uow:
        total = uow.session.scalar(select(func.sum(Refund.amount_paise)).where(Refund.payment_id == payment_id))
        payment = uow.session.get(Payment, payment_id)
        assert sum(r is not None for r in results) == 2 and total == 300000 <= payment.amount_paise
        assert payment.refunded_paise == 300000


def test_parallel_requests_with_one_key_make_one_refund(container):
    payment_id, staff_id = _paid_payment(container)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda _: _request(container, payment_id, staff_id, 1000, "same-key-0001"),
                                range(THREADS)))
    container.jobs.drain()
    with container.uow() as uow:
        assert uow.session.scalar(select(func.count()).where(Refund.payment_id == payment_id)) == 1
        assert len(set(results)) == 1 and uow.session.get(Payment, payment_id).refunded_paise == 1000


def test_parallel_deliveries_of_one_webhook_apply_it_once(container):
    provider = container.adapters["payments"]
    with container.uow() as uow:
        f = Factories(uow.session)
        patient = f.patient()
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id,
                                patient=bookings.PatientDetails("Asha Rao"))
        payment = checkout.start_checkout(uow.session, booking_id=booking.id, provider=provider, finance=FINANCE)
        uow.commit()
    event_id, body = _events(payment)[1]

    def deliver(_):
        with container.uow() as uow:
            outcome = webhooks.receive(uow.session, body=body, signature=provider.sign(body), event_id=event_id,
                                       provider=provider, finance=FINANCE)
            uow.commit()
            return outcome
    with ThreadPoolExecutor(THREADS) as pool:
        outcomes = list(pool.map(deliver, range(THREADS)))
    container.jobs.drain()
    with container.uow() as uow:
        assert uow.session.scalar(select(func.count()).where(WebhookEvent.event_id == event_id)) == 1
        assert uow.session.get(Payment, payment.id).status is PaymentStatus.PAID
    assert sum("pending" in o for o in outcomes) == 1
