"""The core figures the new pages added, on PostgreSQL and on SQLite: a campaign's audience preview and
refunds/transfers by status."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from core.actors import Actor
from core.clock import IST, now_utc
from core.insight import money_flows
from core.insight.period import Period
from core.marketing import campaigns
from core.models import Booking, BookingStatus, Payment, Role
from core.models.notifications import Category, Channel
from core.models.payments import PaymentStatus
from core.models.payouts import Transfer, TransferStatus
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.notify import consent

MAY = Period(date(2018, 5, 1), date(2018, 6, 1))


def _booked(session, f, person, city, n: int) -> Payment:
    slot = f.slot(f.center(city))
    booking = Booking(reference=f"CF{person.id:06d}{n}", user_id=person.id, slot_id=slot.id, center_id=slot.center_id,
                      service_id=slot.service_id, status=BookingStatus.COMPLETED, price_paise=100000,
                      patient_name=person.name, source="whatsapp", created_at=now_utc() - timedelta(days=3))
    session.add(booking)
    session.flush()
    payment = Payment(booking_id=booking.id, amount_paise=100000, provider="sandbox", status=PaymentStatus.PAID,
                      paid_at=booking.created_at, created_at=booking.created_at)
    session.add(payment)
    session.flush()
    return payment


def test_the_audience_preview_counts_only_opted_in_patients(any_session, any_factories):
    f, city = any_factories, any_factories.city()
    people = [f.patient() for _ in range(3)]
    for n, person in enumerate(people):
        _booked(any_session, f, person, city, n)
    for person, decisions in [(people[0], [True]), (people[1], [True, False])]:
        for granted in decisions:
            consent.record(any_session, actor=Actor.of(person), user_id=person.id, channel=Channel.WHATSAPP,
                           category=Category.MARKETING, granted=granted, purpose="offers", source="test")
    marketer = Actor.of(f.staff(Role.MARKETING))
    campaign = campaigns.create(any_session, actor=marketer, name="Test", template="t", body="Hello",
                                city_id=city.id)
    assert campaigns.preview(any_session, campaign=campaign, now=now_utc()) == campaigns.Preview(3, 1, 1)


def test_refunds_and_transfers_by_status_in_the_period(any_session, any_factories):
    f, city = any_factories, any_factories.city()
    payment = _booked(any_session, f, f.patient(), city, 0)
    at = datetime(2018, 5, 10, 12, tzinfo=IST)
    for n, (status, amount) in enumerate([(RefundStatus.PROCESSED, 30000), (RefundStatus.PROCESSED, 20000),
                                          (RefundStatus.FAILED, 5000)]):
        any_session.add(Refund(payment_id=payment.id, booking_id=payment.booking_id, amount_paise=amount,
                               kind=RefundKind.MANUAL, status=status, reason="r", idempotency_key=f"cf-{payment.id}-{n}",
                               requested_by_role=Role.FINANCE, created_at=at))
    any_session.add(Transfer(payment_id=payment.id, center_id=payment.booking.center_id, account_id="acc",
                             amount_paise=80000, reversed_paise=30000, status=TransferStatus.PROCESSED, created_at=at))
    any_session.flush()
    assert money_flows.refunds_by_status(any_session, period=MAY) == [
        money_flows.ByStatus("failed", 1, 5000), money_flows.ByStatus("processed", 2, 50000)]
    assert money_flows.transfers_by_status(any_session, period=MAY) == [money_flows.ByStatus("processed", 1, 50000)]
    assert [r.amount_paise for r in money_flows.latest_refunds(any_session, period=MAY)] == [5000, 20000, 30000]
