"""Settlement runs: every booking, fee, refund and payout of a center's period, as CSV and PDF."""
import csv
import io
from datetime import timedelta

import pytest
from pypdf import PdfReader

from core.actors import SYSTEM, Actor
from core.booking import service as bookings
from core.clock import IST, now_utc
from core.errors import Forbidden, ValidationError
from core.models import PartnerAccount, Role, RouteStatus
from core.payments import settlements
from core.storage import LocalStorage
from tests.payments.conftest import FINANCE


@pytest.fixture
def storage(tmp_path):
    return LocalStorage(tmp_path, secret="s", base_url="http://x")


def _period():
    today = now_utc().astimezone(IST).date()
    return today - timedelta(days=1), today + timedelta(days=1)


def test_a_run_lists_each_booking_with_fees_refunds_and_payouts(session, pay, factories, storage):
    center = factories.center()
    session.add(PartnerAccount(center_id=center.id, provider_account_id="acc_settle",
                               status=RouteStatus.ACTIVATED))
    kept = pay.paid(center=center, price_paise=500000)
    cancelled = pay.paid(center=center, price_paise=300000)
    bookings.cancel(session, actor=SYSTEM, booking_id=cancelled.booking_id, reason="machine down")
    pay.deliver()
    start, end = _period()
    run = settlements.run(session, actor=SYSTEM, center_id=center.id, start=start, end=end,
                          storage=storage, now=now_utc() + timedelta(days=1), finance=FINANCE)
    rows = list(csv.DictReader(io.StringIO(storage.get(run.csv_key).decode())))
    assert [r["booking"] for r in rows] == [kept.booking.reference, cancelled.booking.reference]
    assert (run.bookings, run.gross_paise, run.fee_paise, run.refund_paise) == (2, 800000, 120000, 300000)
    assert (run.partner_share_paise, run.route_paid_paise, run.outstanding_paise) == (425000, 425000, 0)
    text = PdfReader(io.BytesIO(storage.get(run.pdf_key))).pages[0].extract_text()
    assert run.number in text and kept.booking.reference in text and "Outstanding to the partner: Rs. 0.00" in text


def test_without_a_linked_account_the_share_is_outstanding(session, pay, factories, storage):
    center = factories.center()
    pay.paid(center=center, price_paise=500000)
    start, end = _period()
    run = settlements.run(session, actor=SYSTEM, center_id=center.id, start=start, end=end, storage=storage,
                          now=now_utc() + timedelta(days=1), finance=FINANCE)
    assert run.outstanding_paise == 425000 and run.number.startswith("MS")


def test_running_a_period_again_returns_the_first_statement(session, pay, factories, storage):
    center = factories.center()
    start, end = _period()
    later = now_utc() + timedelta(days=1)
    first = settlements.run(session, actor=SYSTEM, center_id=center.id, start=start, end=end, storage=storage, now=later, finance=FINANCE)
    again = settlements.run(session, actor=SYSTEM, center_id=center.id, start=start, end=end, storage=storage, now=later, finance=FINANCE)
    assert first.id == again.id


def test_a_period_in_the_future_or_backwards_is_refused(session, factories, storage):
    center = factories.center()
    start, end = _period()
    with pytest.raises(ValidationError):
        settlements.run(session, actor=SYSTEM, center_id=center.id, start=end, end=start, storage=storage, finance=FINANCE)
    with pytest.raises(ValidationError):
        settlements.run(session, actor=SYSTEM, center_id=center.id, start=start, end=end, storage=storage, finance=FINANCE)


def test_partners_cannot_run_settlements(session, factories, storage):
    center = factories.center()
    start, end = _period()
    with pytest.raises(Forbidden):
        settlements.run(session, actor=Actor.of(factories.staff(Role.PARTNER_STAFF, center=center)),
                        center_id=center.id, start=start, end=end, storage=storage, finance=FINANCE)
