"""Support: raise a ticket, follow its status and the replies, or open a WhatsApp chat with support."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.me.views import container
from console.public.views import whatsapp_link
from core.clock import now_utc
from core.errors import DomainError, NotFound
from core.portal import support


@blueprint.get("/support")
def support_page():
    with container().uow() as uow:
        return render_template("me/support.html", tickets=support.get_all(uow.session, actor=current_actor()),
                               words=support.STATUS_WORDS, form=forms.TicketForm(),
                               whatsapp=whatsapp_link("Hi MedEzy support, I need help"))


@blueprint.post("/support")
def raise_ticket():
    form = posted.submitted(forms.TicketForm)
    with container().uow() as uow:
        try:
            ticket = support.raise_ticket(uow.session, actor=current_actor(), subject=form.subject.data or "",
                                          details=form.details.data or "", reference=form.booking.data or "",
                                          now=now_utc())
        except NotFound:
            flash("We found no booking of yours with that reference; check it or leave it empty.", "error")
            return redirect(url_for("me.support_page"))
        except DomainError as error:
            flash(str(error), "error")
            return redirect(url_for("me.support_page"))
        ticket_id = ticket.id
        uow.commit()
    flash(f"Ticket #{ticket_id} is with our support team; we usually answer within a few hours.", "success")
    return redirect(url_for("me.ticket", ticket_id=ticket_id))


@blueprint.get("/support/<int:ticket_id>")
def ticket(ticket_id: int):
    with container().uow() as uow:
        found, notes = support.get(uow.session, actor=current_actor(), ticket_id=ticket_id)
        return render_template("me/ticket.html", t=found, notes=notes, words=support.STATUS_WORDS,
                               whatsapp=whatsapp_link(f"About my ticket #{found.id}"))
