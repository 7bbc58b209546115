"""Finance's pages: money in and out, settlement preview/run/download, the GST register, reconciliation."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from sqlalchemy import select

from core.clock import IST
from core.insight import gst_register, settlement_months
from core.insight.period import Period
from core.models import AuditEntry, Payment, Role, SettlementMonth
from core.models.payments import PaymentStatus
from core.models.payouts import Transfer, TransferStatus
from core.models.refunds import Refund, RefundKind, RefundStatus
from core.models.settlements import Settlement
from tests.conftest import csrf_token


@pytest.fixture
def money_moved(container, known_march):
    """A processed Rs 1,000 refund on the first MRI payment and a Rs 4,000 transfer for it (Rs 500 reversed);
    the payments carry provider ids pay_<year>_<n>."""
    with container.session_factory() as session:
        payments = session.scalars(select(Payment).where(Payment.booking.has(center_id=known_march.centers[0]))
                                   .order_by(Payment.id)).all()
        for n, payment in enumerate(payments):
            payment.provider_payment_id = f"pay_{known_march.year}_{n}"
        first = payments[0]
        first.refunded_paise, first.status = 100000, PaymentStatus.PARTIALLY_REFUNDED
        session.add(Refund(payment_id=first.id, booking_id=first.booking_id, amount_paise=100000, kind=RefundKind.MANUAL,
                           status=RefundStatus.PROCESSED, reason="goodwill", idempotency_key=f"km-{known_march.year}",
                           requested_by_role=Role.FINANCE, created_at=known_march.ist(2),
                           processed_at=known_march.ist(2, 12)))
        session.add(Transfer(payment_id=first.id, center_id=known_march.centers[0], account_id="acc_x",
                             amount_paise=400000, reversed_paise=50000, status=TransferStatus.PROCESSED,
                             on_hold=False, created_at=known_march.ist(1, 11)))
        session.commit()
    return known_march


def test_finance_sees_money_refunds_and_transfers_as_counted_by_hand(login, staff, money_moved):
    client, _ = login(staff[Role.FINANCE])
    page = client.get(f"/admin/finance/?{money_moved.query}").get_data(as_text=True)
    assert _figure(page, "gmv") == "₹19,000" and _figure(page, "refunds") == "₹1,000"
    assert _figure(page, "net") == "₹18,000"
    assert re.search(r"Processed</span></td>\s*<td>1</td><td>₹1,000</td>", page)  # refunds by status
    assert re.search(r"Processed</span></td>\s*<td>1</td><td>₹3,500</td>", page)  # transfers, net of reversal


def test_a_settlement_is_previewed_then_run_once_and_downloaded(container, login, staff, money_moved):
    client, _ = login(staff[Role.FINANCE])
    center, year = money_moved.centers[0], money_moved.year
    period = {"center_id": center, "start": f"{year}-03-01", "end": f"{year}-04-01"}
    preview = client.get("/admin/settlements/preview", query_string=period).get_data(as_text=True)
    assert _figure(preview, "bookings") == "3" and _figure(preview, "gross") == "₹15,000"
    assert _figure(preview, "refunds") == "₹1,000"
    with container.session_factory() as session:
        assert session.scalar(select(Settlement).where(Settlement.center_id == center)) is None  # preview saves nothing
    for _ in range(2):  # a second run of the same period finds the first statement
        token = csrf_token(client.get("/admin/settlements/").get_data(as_text=True).split("<main", 1)[1])
        assert client.post("/admin/settlements/run", data={**period, "csrf_token": token}).status_code == 302
    with container.session_factory() as session:
        [run] = session.scalars(select(Settlement).where(Settlement.center_id == center)).all()
        assert (run.bookings, run.gross_paise, run.refund_paise) == (3, 1_500_000, 100_000)
        assert session.scalar(select(AuditEntry.action).where(AuditEntry.entity_type == "settlement",
                                                              AuditEntry.entity_id == str(run.id))) == "settlement.created"
    rows = list(csv.DictReader(io.StringIO(client.get(f"/admin/settlements/{run.id}.csv").get_data(as_text=True))))
    assert len(rows) == 3 and sum(int(r["paid_paise"]) for r in rows) == 1_500_000
    pdf = client.get(f"/admin/settlements/{run.id}.pdf")
    assert pdf.data.startswith(b"%PDF") and "attachment" in pdf.headers["Content-Disposition"]


def test_a_month_not_yet_over_is_refused_and_nothing_runs(container, login, staff):
    client, _ = login(staff[Role.FINANCE])
    token = csrf_token(client.get("/admin/settlements/").get_data(as_text=True).split("<main", 1)[1])
    month = datetime.now(IST).strftime("%Y-%m")
    assert client.post("/admin/settlements/month", data={"month": month, "csrf_token": token}).status_code == 422
    assert client.post("/admin/settlements/month", data={"month": "2020-13", "csrf_token": token}).status_code == 400


@pytest.mark.parametrize("query", ["center_id=1&start=2020-03-10&end=2020-03-01", "center_id=x&start=2020-03-01",
                                   "center_id=1&start=nope&end=2020-04-01"])
def test_a_bad_preview_is_a_clear_400(login, staff, query):
    client, _ = login(staff[Role.FINANCE])
    assert client.get(f"/admin/settlements/preview?{query}").status_code == 400


def test_the_gst_register_downloads_what_core_computes(container, login, staff, known_march):
    client, _ = login(staff[Role.FINANCE])
    response = client.get(f"/admin/finance/gst.csv?{known_march.query}")
    with container.session_factory() as session:
        period = Period(datetime(known_march.year, 3, 1).date(), datetime(known_march.year, 4, 1).date())
        assert response.data == gst_register.to_csv(gst_register.rows(session, period=period))
    assert response.data.startswith(b"number,date,supplier_gstin") and "attachment" in response.headers["Content-Disposition"]


def test_reconciliation_lists_what_does_not_match(login, staff, money_moved):
    client, _ = login(staff[Role.FINANCE])
    year = money_moved.year
    report = (f"entity_id,type,amount,fee,tax\npay_{year}_0,payment,500000,1180,180\n"
              f"pay_{year}_1,payment,499000,,\npay_nobody_{year},payment,100,,\ntrf_1,transfer,400000,,\n")
    token = csrf_token(client.get("/admin/finance/reconcile").get_data(as_text=True).split("<main", 1)[1])
    page = client.post("/admin/finance/reconcile", data={"csrf_token": token,
                                                         "report": (io.BytesIO(report.encode()), "recon.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "2 of 3 items do not match" in page
    page = re.sub(r">\s+<", "><", page)
    assert f"pay_{year}_1</td><td>Amounts differ</td><td>₹5,000</td><td>₹4,990" in page
    assert f"pay_nobody_{year}</td><td>Not in our books</td><td>—</td><td>₹1<" in page


def test_a_malformed_report_is_a_clear_4xx(login, staff):
    client, _ = login(staff[Role.FINANCE])
    token = csrf_token(client.get("/admin/finance/reconcile").get_data(as_text=True).split("<main", 1)[1])
    response = client.post("/admin/finance/reconcile", data={"csrf_token": token, "report": (
        io.BytesIO(b"entity_id,type,amount\npay_1,payment,12.50\n"), "recon.csv")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "whole paise" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.OPS_MANAGER, Role.MARKETING, Role.SUPPORT_AGENT, Role.PARTNER_STAFF])
@pytest.mark.parametrize("path", ["/admin/finance/", "/admin/settlements/", "/admin/finance/gst.csv"])
def test_only_finance_opens_the_finance_pages(login, staff, role, path):
    client, _ = login(staff[role])
    assert client.get(path).status_code == 403


def _figure(page: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', page).group(1)


def test_a_month_runs_in_the_background_for_every_center_with_progress_on_the_page(container, login, staff,
                                                                                   known_march):
    client, _ = login(staff[Role.FINANCE])
    token = csrf_token(client.get("/admin/settlements/").get_data(as_text=True).split("<main", 1)[1])
    month = {"month": f"{known_march.year}-03", "csrf_token": token}
    assert client.post("/admin/settlements/month", data=month).status_code == 302
    assert client.post("/admin/settlements/month", data=month).status_code == 302  # still running: the same run
    container.jobs.drain()
    with container.session_factory() as session:
        [run] = session.scalars(select(SettlementMonth).where(
            SettlementMonth.period_start == datetime(known_march.year, 3, 1).date())).all()
        made = session.scalars(select(Settlement).where(Settlement.period_start == run.period_start)).all()
        assert run.finished_at is not None and run.failures == [] and len(made) == run.centers
        mri_center = next(s for s in made if s.center_id == known_march.centers[0])
        assert (mri_center.bookings, mri_center.gross_paise) == (3, 1_500_000)
    page = client.get("/admin/settlements/").get_data(as_text=True)
    assert f"{run.centers} of {run.centers} centers" in page and "Finished" in page


def test_a_refused_center_is_listed_and_the_month_still_finishes(container, staff):
    with container.session_factory() as session:
        run = SettlementMonth(period_start=datetime(1969, 1, 1).date(), period_end=datetime(1969, 2, 1).date(),
                              requested_by=staff[Role.FINANCE].id, centers=1, failures=[])
        session.add(run)
        session.flush()
        settlement_months.settle_center(session, month_id=run.id, center_id=10**9,
                                        storage=container.adapters["storage"], finance=container.adapters["finance"])
        assert run.finished_at is not None and "does not exist" in run.failures[0]["error"]
        session.rollback()
