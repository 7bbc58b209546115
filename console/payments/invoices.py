"""Invoice PDFs: patients through a signed, expiring link; signed-in staff by id."""
from __future__ import annotations

from flask import Response, abort, current_app, request

from console.access import gate
from console.auth import current_actor
from console.payments import blueprint
from core.actors import Actor
from core.models.invoices import Invoice
from core.models.users import Role
from core.payments import invoice_links, invoices
from core.payments.invoice_pdf import render_invoice
from core.privacy import record_read


@blueprint.get("/invoices/<int:invoice_id>.pdf")
def patient_invoice(invoice_id: int):
    """The link the bot sends; the signature stands in for a login."""
    container = current_app.extensions["medezy"]
    try:
        expires = int(request.args.get("expires", "0"))
    except ValueError:
        abort(403)
    if not invoice_links.verify(invoice_id, expires, request.args.get("sig", ""), _secret(container)):
        abort(403, "This invoice link has expired or is not valid. Ask us on WhatsApp for a new one.")
    return _pdf(container, lambda session: _owned(session, invoice_id))


@blueprint.get("/staff/invoices/<int:invoice_id>.pdf")
@gate("booking.view")
def staff_invoice(invoice_id: int):
    """Staff download; partners only their own center's invoices (core.payments.invoices.get_for).
    Each download is audited: an invoice names the patient."""
    actor = current_actor()
    return _pdf(current_app.extensions["medezy"], lambda session: _read(session, actor, invoice_id))


def _read(session, actor: Actor, invoice_id: int) -> Invoice:
    invoice = invoices.get_for(session, actor=actor, invoice_id=invoice_id)
    record_read(session, actor=actor, entity_type="invoice", entity_id=invoice.id, what="invoice pdf")
    return invoice


def _owned(session, invoice_id: int) -> Invoice:
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        abort(404)
    return invoices.get_for(session, actor=Actor(Role.PATIENT, invoice.user_id), invoice_id=invoice_id)


def _pdf(container, load) -> Response:
    with container.uow() as uow:
        invoice = load(uow.session)
        data, number = render_invoice(invoice), invoice.number
        uow.commit()  # keeps the audit entry of a staff read
    name = f"{number.replace('/', '-')}.pdf"
    return Response(data, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "private, no-store"})


def _secret(container) -> str:
    return container.settings.secret_key
