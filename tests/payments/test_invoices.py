"""GST invoices: numbering per financial year, exempt scan, 18% fee split by state, PDF text."""
import io
from datetime import datetime, timezone

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from core.actors import Actor
from core.errors import Forbidden, NotFound
from core.models import Invoice, Role
from core.payments import invoice_links, invoices
from core.payments.invoice_pdf import render_invoice
from core.payments.numbering import financial_year, next_number


def _invoice(session, pay, **hold_kw) -> Invoice:
    payment = pay.paid(**hold_kw)
    return session.scalar(select(Invoice).where(Invoice.booking_id == payment.booking_id))


@pytest.mark.parametrize("moment,year", [
    (datetime(2026, 3, 31, 18, 29, 59, tzinfo=timezone.utc), "25-26"),  # 23:59:59 IST on 31 March
    (datetime(2026, 3, 31, 18, 30, tzinfo=timezone.utc), "26-27"),  # 00:00 IST on 1 April
    (datetime(2099, 12, 1, tzinfo=timezone.utc), "99-00"),
])
def test_financial_year_runs_april_to_march_in_india(moment, year):
    assert financial_year(moment) == year


def test_numbers_are_sequential_per_series_and_year_and_fit_gst(session):
    march, april = datetime(2031, 3, 20, tzinfo=timezone.utc), datetime(2031, 4, 2, tzinfo=timezone.utc)
    numbers = [next_number(session, series="TT", moment=m)[2] for m in (march, march, april, march)]
    assert numbers == ["TT30-31/000001", "TT30-31/000002", "TT31-32/000001", "TT30-31/000003"]
    assert all(len(n) <= 16 for n in numbers)


def test_two_invoices_cannot_share_a_number(session, pay):
    invoice = _invoice(session, pay)
    session.add(Invoice(number=invoice.number, series="ZZ", financial_year="25-26", seq=1, supplier_name="x",
                        supplier_gstin="x", supplier_state_code="27", recipient_name="x", place_of_supply="27",
                        total_paise=1, paid_paise=1))
    with pytest.raises(IntegrityError):
        session.flush()


def test_intra_state_invoice_adds_up_with_cgst_and_sgst(session, pay, factories):
    center = factories.center(city=factories.city(state_code="27"))  # our GSTIN is in Maharashtra (27)
    invoice = _invoice(session, pay, center=center, price_paise=500000)
    scan, fee = invoice.lines
    assert scan.exempt and scan.total_paise == 425000 and scan.cgst_paise == scan.igst_paise == 0
    assert (fee.taxable_paise, fee.cgst_paise, fee.sgst_paise, fee.igst_paise) == (63559, 5721, 5720, 0)
    assert sum(line.total_paise for line in invoice.lines) == invoice.total_paise == 500000
    assert invoice.paid_paise == invoice.total_paise - invoice.credit_paise


def test_inter_state_invoice_charges_igst(session, pay, factories):
    center = factories.center(city=factories.city(state="Karnataka", state_code="29"))
    invoice = _invoice(session, pay, center=center, price_paise=500000)
    fee = invoice.lines[1]
    assert not invoice.intra_state and (fee.cgst_paise, fee.sgst_paise, fee.igst_paise) == (0, 0, 11441)
    assert fee.taxable_paise + fee.igst_paise == 75000


def test_the_pdf_shows_number_gstin_lines_and_totals(session, pay):
    invoice = _invoice(session, pay, price_paise=500000)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render_invoice(invoice))).pages)
    for expected in (invoice.number, invoice.supplier_gstin, "999316", "998599", "exempt", "Rs. 4,250.00",
                     "Rs. 635.59", "Rs. 57.21", "Rs. 57.20", "Invoice total: Rs. 5,000.00", "Amount paid: Rs. 5,000.00"):
        assert expected in text


def test_a_patient_sees_only_their_own_invoice(session, pay, factories):
    invoice = _invoice(session, pay)
    assert invoices.get_for(session, actor=Actor(Role.PATIENT, invoice.user_id), invoice_id=invoice.id) is invoice
    with pytest.raises(Forbidden):
        invoices.get_for(session, actor=Actor.of(factories.patient()), invoice_id=invoice.id)


def test_a_partner_sees_only_their_own_centers_invoices(session, pay, factories):
    invoice = _invoice(session, pay)
    other = factories.staff(Role.PARTNER_STAFF, center=factories.center())
    with pytest.raises(NotFound):  # another center's invoice reads as missing
        invoices.get_for(session, actor=Actor.of(other), invoice_id=invoice.id)
    with pytest.raises(Forbidden):
        invoices.get_for(session, actor=Actor(Role.MARKETING, 1), invoice_id=invoice.id)


def test_invoice_links_are_signed_and_expire():
    url = invoice_links.url(7, base_url="http://x", secret="s", expires_in=60, now=1000)
    sig = url.split("sig=")[1]
    assert invoice_links.verify(7, 1060, sig, "s", now=1000)
    assert not invoice_links.verify(8, 1060, sig, "s", now=1000)
    assert not invoice_links.verify(7, 1060, sig, "s", now=1061)
