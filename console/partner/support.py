"""Escalations to MedEzy support: raise one (about a booking or in general) and follow it, note by note."""
from __future__ import annotations

from flask import abort, redirect, url_for
from flask_admin import expose
from sqlalchemy import select

from console.partner import forms
from console.partner.pages import PartnerPage
from core import tickets
from core.clock import now_utc
from core.models import Booking, User
from core.support import center_tickets, notes


class SupportPage(PartnerPage):
    permission = "ticket.escalate"

    @expose("/")
    def index(self):
        with self.uow() as uow:
            return self.render("partner/support.html", form=forms.EscalationForm(),
                               tickets=center_tickets.for_center(uow.session, actor=self.actor()))

    @expose("/", methods=("POST",))
    def raise_escalation(self):
        form = forms.EscalationForm()
        if not form.validate_on_submit():
            abort(400, "Say what you need (up to 200 characters), then send it again.")
        reference, center_id = (form.booking.data or "").strip().upper(), self.center_id()

        def work(session, actor):
            booking_id = _booking_id(session, center_id, reference) if reference else None
            return tickets.escalate_from_center(session, actor=actor, subject=form.subject.data,
                                                booking_id=booking_id).id
        ticket_id = self.write(work, "Sent to MedEzy support; their replies appear here.")
        return redirect(url_for(".ticket", ticket_id=ticket_id) if ticket_id else url_for(".index"))

    @expose("/<int:ticket_id>")
    def ticket(self, ticket_id: int):
        with self.uow() as uow:
            found = center_tickets.thread(uow.session, actor=self.actor(), ticket_id=ticket_id)  # 404 if not ours
            authors = {n.author_id for n in found.notes if n.author_id}
            names = dict(uow.session.execute(select(User.id, User.name).where(User.id.in_(authors))).all()) \
                if authors else {}
            return self.render("partner/ticket.html", thread=found, names=names, form=forms.NoteForm(),
                               me=self.actor().user_id)

    @expose("/<int:ticket_id>/notes", methods=("POST",))
    def add_note(self, ticket_id: int):
        form = forms.NoteForm()
        with self.uow() as uow:
            center_tickets.thread(uow.session, actor=self.actor(), ticket_id=ticket_id)  # 404 before anything else
        if not form.validate_on_submit():
            abort(400, "Write a note of up to 2,000 characters, then send it again.")
        self.write(lambda s, actor: notes.add_center_note(s, actor=actor, ticket_id=ticket_id, body=form.text.data,
                                                          now=now_utc()), "Note sent to MedEzy support.")
        return redirect(url_for(".ticket", ticket_id=ticket_id))


def _booking_id(session, center_id: int, reference: str) -> int:
    from core.errors import NotFound
    found = session.scalar(select(Booking.id).where(Booking.reference == reference, Booking.center_id == center_id))
    if found is None:
        raise NotFound(f"No booking {reference} at your center.")
    return found
