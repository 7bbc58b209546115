"""The patient invoice as a PDF."""
from __future__ import annotations

from core.clock import IST
from core.models.invoices import Invoice
from core.payments.pdf import money, render

COLUMNS = ("Description", "SAC", "Taxable value", "CGST 9%", "SGST 9%", "IGST 18%", "Total")


def render_invoice(invoice: Invoice) -> bytes:
    """Render one invoice; the same rows always give the same text."""
    rows = [(line.description, line.sac, money(line.taxable_paise), _tax(line.cgst_paise, line.exempt),
             _tax(line.sgst_paise, line.exempt), _tax(line.igst_paise, line.exempt), money(line.total_paise))
            for line in invoice.lines]
    tax = sum(line.cgst_paise + line.sgst_paise + line.igst_paise for line in invoice.lines)
    return render(title="Tax Invoice", facts=_facts(invoice), columns=COLUMNS, rows=rows, notes=(
        f"Invoice total: {money(invoice.total_paise)} (of which GST {money(tax)})",
        f"Less goodwill credit: {money(invoice.credit_paise)}",
        f"Amount paid: {money(invoice.paid_paise)}",
        "The scan is supplied by a clinical establishment and is exempt from GST. Amounts are rounded to the "
        "paisa: GST is worked back from the fee and rounded half up; CGST takes any odd paisa.",
    ))


def _facts(invoice: Invoice) -> list[tuple[str, str]]:
    return [("Invoice number", invoice.number),
            ("Date", invoice.issued_at.astimezone(IST).strftime("%d %b %Y")),
            ("Supplier", invoice.supplier_name), ("Supplier GSTIN", invoice.supplier_gstin),
            ("Billed to", invoice.recipient_name),
            ("Place of supply (state code)", invoice.place_of_supply),
            ("Tax type", "CGST + SGST (intra-state)" if invoice.intra_state else "IGST (inter-state)")]


def _tax(paise: int, exempt: bool) -> str:
    return "exempt" if exempt else money(paise)
