"""Invoices (GST bill download) and paying again after a failed payment, through core checkout."""
from __future__ import annotations

from flask import Response, render_template, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.me.views import container, pay
from core.payments.invoice_pdf import render_invoice
from core.portal import payments


@blueprint.get("/payments")
def payments_page():
    with container().uow() as uow:
        return render_template("me/payments.html", invoices=payments.invoices(uow.session, actor=current_actor()))


@blueprint.get("/invoices/<int:invoice_id>.pdf")
def invoice_pdf(invoice_id: int):
    with container().uow() as uow:
        invoice = payments.invoice(uow.session, actor=current_actor(), invoice_id=invoice_id)
        data, name = render_invoice(invoice), f"{invoice.number.replace('/', '-')}.pdf"
        uow.commit()  # the audit entry of the download
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store",
        "X-Content-Type-Options": "nosniff"})


@blueprint.post("/bookings/<reference>/pay-again")
def retry_payment(reference: str):
    posted.submitted(forms.ActionForm)
    c = container()
    return pay(lambda session, actor, now: payments.retry(
        session, c.adapters["payments"], actor=actor, reference=reference, finance=c.adapters["finance"],
        now=now).link_url, back=url_for("me.booking", reference=reference.strip().upper()[:20]))
