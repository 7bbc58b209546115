"""The dashboard's rollup (Postgres): closed days read from dashboard_days give the hand-counted figures, and a
late change to a closed day (a refund, a late capture, a fee invoiced, a booking moved to another center) counts
at once (the day is read live) and after the worker re-rolls it (the rollup row itself is corrected)."""
from __future__ import annotations

import itertools
import uuid

import pytest
from sqlalchemy import func, select

from core.insight import dashboard_rollup, volume
from core.models import BookingStatus as S
from core.models import DashboardDay, DashboardStaleDay
from core.models.invoices import Invoice, InvoiceLine
from core.models.payments import Payment, PaymentStatus
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.models.users import Role
from tests.insight.history import MARCH, History, ist, slot_in_march

_seq = itertools.count(9000)


@pytest.fixture
def march(session, factories):
    """Two centers of their own city; center A: paid on the 1st and twice on the 4th, center B: once on the 4th."""
    history = History(session, factories)
    service = factories.service(name=f"MRI {uuid.uuid4().hex[:6]}")
    a, b = factories.center(factories.city(f"A{uuid.uuid4().hex[:6]}")), factories.center(factories.city())
    patient = factories.patient()
    slot_a, slot_b = slot_in_march(factories, a, service, 20), slot_in_march(factories, b, service, 20)
    made = [history.booking(slot_a, patient, S.CONFIRMED, created=ist(1, 9), paid=ist(1, 9, 5)),
            history.booking(slot_a, patient, S.PENDING, created=ist(4, 0, 10), paid=ist(4, 0, 20)),
            history.booking(slot_a, patient, S.COMPLETED, created=ist(4, 9), paid=ist(4, 9, 5)),
            history.booking(slot_b, patient, S.COMPLETED, created=ist(4, 11), paid=ist(4, 11, 5))]
    session.flush()
    dashboard_rollup.advance(session)
    return a, b, made


def _held(session, center) -> list[tuple]:
    """The rollup's own rows of one center (what closed days are read from), summed per day of March."""
    sums = (func.sum(getattr(DashboardDay, m)) for m in ("bookings", "gmv_paise", "fees_paise", "refunds_paise"))
    rows = session.execute(select(DashboardDay.day, *sums).where(DashboardDay.center_id == center.id)
                           .group_by(DashboardDay.day).order_by(DashboardDay.day))
    return [(day.day, *map(int, figures)) for day, *figures in rows]


def _refund(session, booking, amount: int, at) -> None:
    payment = session.scalar(select(Payment).where(Payment.booking_id == booking.id))
    session.add(Refund(payment_id=payment.id, booking_id=booking.id, amount_paise=amount, kind=RefundKind.MANUAL,
                       status=RefundStatus.PROCESSED, reason="late", idempotency_key=uuid.uuid4().hex,
                       requested_by_role=Role.FINANCE, processed_at=at))
    session.flush()


def test_closed_days_are_read_from_the_rollup_and_match_the_hand_count(session, march):
    a, b, _ = march
    assert _held(session, a) == [(1, 1, 500000, 0, 0), (4, 2, 1000000, 0, 0)]
    assert _held(session, b) == [(4, 1, 500000, 0, 0)]
    assert volume.bookings_per(session, period=MARCH, grain="day", center_id=a.id) == [
        ("2019-03-01", 1), ("2019-03-04", 2)]
    assert volume.revenue(session, period=MARCH, center_id=a.id).gmv_paise == 1500000
    city = [r for r in volume.top_cities(session, period=MARCH, limit=500) if r.name == a.city.name]
    assert [(r.bookings, r.gmv_paise) for r in city] == [(3, 1500000)]


def test_a_refund_processed_on_a_closed_day_counts_at_once_and_after_the_re_roll(session, march):
    a, _, made = march
    _refund(session, made[1], 200000, ist(4, 18))
    assert volume.revenue(session, period=MARCH, center_id=a.id).refunds_paise == 200000  # read live
    dashboard_rollup.advance(session)
    assert _held(session, a) == [(1, 1, 500000, 0, 0), (4, 2, 1000000, 0, 200000)]
    assert volume.revenue(session, period=MARCH, center_id=a.id).refunds_paise == 200000


def test_a_booking_moved_to_another_center_takes_its_count_and_its_money_along(session, march):
    a, b, made = march
    made[0].center_id = b.id
    session.flush()
    assert volume.bookings_per(session, period=MARCH, grain="month", center_id=b.id) == [("2019-03-01", 2)]
    dashboard_rollup.advance(session)
    assert _held(session, a) == [(4, 2, 1000000, 0, 0)]
    assert _held(session, b) == [(1, 1, 500000, 0, 0), (4, 1, 500000, 0, 0)]
    assert volume.revenue(session, period=MARCH, center_id=b.id).gmv_paise == 1000000


def test_a_booking_moved_to_another_scan_counts_for_that_scan(session, factories, march):
    _, _, made = march
    ct = factories.service(name=f"CT {uuid.uuid4().hex[:6]}")
    made[3].service_id = ct.id
    session.flush()
    dashboard_rollup.advance(session)
    scans = {r.name: r.bookings for r in volume.top_services(session, period=MARCH, limit=500)}
    assert scans[ct.name] == 1 and scans[made[0].service.name] == 3


def test_a_late_capture_and_a_late_fee_count_on_their_own_closed_day(session, march):
    a, _, made = march
    late = Payment(booking_id=made[2].id, amount_paise=70000, provider="sandbox", status=PaymentStatus.CREATED,
                   created_at=ist(1))
    session.add(late)
    session.flush()
    late.status, late.paid_at = PaymentStatus.PAID, ist(1, 12)
    _fee(session, a, ist(4, 13), 75000)
    session.flush()
    assert volume.revenue(session, period=MARCH, center_id=a.id) == volume.Revenue(1570000, 75000, 0)
    dashboard_rollup.advance(session)
    assert _held(session, a) == [(1, 1, 570000, 0, 0), (4, 2, 1000000, 75000, 0)]


def test_a_fee_line_deleted_from_a_closed_day_leaves_its_figures(session, march):
    a, _, _ = march
    line = _fee(session, a, ist(4, 13), 75000)
    dashboard_rollup.advance(session)
    session.delete(line)
    session.flush()
    assert volume.revenue(session, period=MARCH, center_id=a.id).fees_paise == 0
    dashboard_rollup.advance(session)
    assert _held(session, a) == [(1, 1, 500000, 0, 0), (4, 2, 1000000, 0, 0)]


def test_a_status_change_alone_leaves_the_closed_day_as_rolled_up(session, march):
    _, _, made = march
    made[1].status = S.CANCELLED  # a booking counts on the day it was paid, whatever became of it
    session.flush()
    assert session.scalars(select(DashboardStaleDay.day)).all() == []


def _fee(session, center, at, paise: int) -> InvoiceLine:
    seq = next(_seq)
    invoice = Invoice(number=f"MZ/18-19/{seq}", series="MZ", financial_year="18-19", seq=seq, issued_at=at,
                      center_id=center.id, supplier_name="MedEzy", supplier_gstin="27AAICM4821K1Z3",
                      supplier_state_code="27", recipient_name="Asha Rao", place_of_supply="27", total_paise=paise,
                      paid_paise=paise)
    session.add(invoice)
    session.flush()
    line = InvoiceLine(invoice_id=invoice.id, position=1, description="Fee", sac="998599", taxable_paise=paise,
                       total_paise=paise)
    session.add(line)
    session.flush()
    return line
