"""The admin panel's bookings: the shared list and page, plus what ops needs on top. The list's search finds
a booking by reference, patient phone in any format or name (core.booking.finder); the page shows the
refund the cancellation policy gives before Cancel is pressed, resends a held booking's payment link and
overrides a paid booking's status (reason required, audited)."""
from __future__ import annotations

from flask import abort, current_app, flash, redirect, request
from flask_admin import expose
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from console import display, posted
from console.access import can
from console.adminkit.pages import ButtonForm
from console.auth import current_actor
from console.bookings.views import BookingView
from core.booking import finder
from core.booking.override import OVERRIDABLE, override_status
from core.clock import now_utc
from core.errors import DomainError
from core.models.bookings import Booking, BookingStatus
from core.payments import cancellation
from core.payments.link_resend import resend_link


class OverrideForm(FlaskForm):
    status = SelectField("New status", choices=[(s.value, display.label(s)) for s in OVERRIDABLE])
    reason = StringField("Reason (required, kept in the audit log)", validators=[DataRequired(), Length(max=500)])


def _adapter(name: str):
    return current_app.extensions["medezy"].adapters[name]


class AdminBookingView(BookingView):
    details_template = "admin_panel/booking_details.html"

    def search_placeholder(self) -> str:
        return "Reference, patient phone or name"

    def _apply_search(self, query, count_query, joins, count_joins, search):
        """The finder's matches (its phone rule: any format, the last ten digits), at most finder.MAX_RESULTS."""
        ids = self._found_ids(search)
        query = query.filter(Booking.id.in_(ids))
        count_query = None if count_query is None else count_query.filter(Booking.id.in_(ids))
        return query, count_query, joins, count_joins

    def _found_ids(self, search: str) -> list[int]:
        text = search.replace("\x00", "")
        try:
            found = finder.find(self.session, actor=current_actor(), text=text, limit=finder.MAX_RESULTS)
        except DomainError:  # nothing searchable left (e.g. only spaces): no match rather than an error
            return []
        return [b.id for b in found]

    def details_context(self, booking) -> dict:
        context = super().details_context(booking)
        if can("booking.override_status") and booking.status in OVERRIDABLE:
            context["override"] = OverrideForm(prefix="override", status=booking.status.value)
        if any(action.key == "cancel" for action, _form, _reason in context["actions"]):
            context["refund_preview"] = cancellation.owed(self.session, booking=booking,
                                                          cancelled_by=current_actor().role, at=now_utc(),
                                                          finance=_adapter("finance"))
            context["approval_threshold"] = _adapter("finance").approval_threshold_paise
        if can("message.send") and booking.status is BookingStatus.HELD:
            context["resend"] = ButtonForm(prefix="resend")
        return context

    @expose("/override/", methods=("POST",))
    def override_view(self):
        if not can("booking.override_status"):
            abort(403)
        booking = self.get_one(request.args.get("id", ""))
        form = OverrideForm(prefix="override")
        if not form.validate_on_submit():
            abort(400, "Choose a status and give a reason.")
        pk, status, reason = booking.id, form.status.data, form.reason.data
        if self.through_core(lambda session, actor: override_status(session, actor=actor, booking_id=pk,
                                                                    status=status, reason=reason)):
            flash("Status overridden; the reason is in the history and the audit log.", "success")
        return redirect(self.get_url(".details_view", id=pk))

    @expose("/resend-link/", methods=("POST",))
    def resend_link_view(self):
        if not can("message.send"):
            abort(403)
        booking = self.get_one(request.args.get("id", ""))
        posted.checked(ButtonForm(prefix="resend"))
        pk = booking.id
        if self.through_core(lambda session, actor: resend_link(session, actor=actor, booking_id=pk,
                                                                provider=_adapter("payments"),
                                                                finance=_adapter("finance"))):
            flash("Payment link sent again by WhatsApp; it is in the patient's conversation.", "success")
        return redirect(self.get_url(".details_view", id=pk))
