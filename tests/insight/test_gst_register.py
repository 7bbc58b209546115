"""The GST register: one row per invoice of the period, the fee's tax split, the exempt scan beside it."""
from __future__ import annotations

from core.insight import gst_register
from core.models.invoices import Invoice, InvoiceLine
from tests.insight.history import MARCH, ist


def _invoice(session, number, issued, *, intra_state):
    invoice = Invoice(number=number, series="MZ", financial_year="18-19", seq=int(number[-4:]), issued_at=issued,
                      supplier_name="MedEzy", supplier_gstin="27AAICM4821K1Z3", supplier_state_code="27",
                      recipient_name="Asha Rao", place_of_supply="27" if intra_state else "29",
                      total_paise=500000, paid_paise=500000)
    tax = dict(cgst_paise=5720, sgst_paise=5720) if intra_state else dict(igst_paise=11440)
    invoice.lines = [InvoiceLine(position=1, description="MRI", sac="999316", exempt=True, taxable_paise=425000,
                                 total_paise=425000),
                     InvoiceLine(position=2, description="Fee", sac="998599", exempt=False, taxable_paise=63560,
                                 total_paise=75000, **tax)]
    session.add(invoice)
    session.flush()


def test_one_row_per_invoice_with_the_fee_taxed_and_the_scan_exempt(any_session):
    _invoice(any_session, "MZ/18-19/0002", ist(31, 23, 59), intra_state=False)
    _invoice(any_session, "MZ/18-19/0001", ist(1, 0, 1), intra_state=True)
    _invoice(any_session, "MZ/18-19/0003", ist(1).replace(month=4), intra_state=True)  # April: not this period
    rows = gst_register.rows(any_session, period=MARCH)
    assert [(r.number, r.date, r.place_of_supply) for r in rows] == [
        ("MZ/18-19/0001", "2019-03-01", "27"), ("MZ/18-19/0002", "2019-03-31", "29")]
    intra, inter = rows
    assert (intra.sac, intra.taxable_paise, intra.exempt_paise, intra.cgst_paise, intra.sgst_paise, intra.igst_paise,
            intra.total_paise) == ("998599", 63560, 425000, 5720, 5720, 0, 500000)
    assert (inter.cgst_paise, inter.igst_paise) == (0, 11440)


def test_csv_has_a_header_and_rupee_amounts(any_session):
    _invoice(any_session, "MZ/18-19/0001", ist(5), intra_state=True)
    lines = gst_register.to_csv(gst_register.rows(any_session, period=MARCH)).decode().splitlines()
    assert lines[0] == ("number,date,supplier_gstin,recipient,place_of_supply,sac,taxable,exempt,cgst,sgst,igst,"
                        "total")
    assert lines[1].endswith(",998599,635.60,4250.00,57.20,57.20,0.00,5000.00")
