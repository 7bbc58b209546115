"""The admin panel's booking page: the shared one plus ops' status override (reason required, audited)."""
from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from console import display
from console.access import can
from console.bookings.views import BookingView
from core.booking.override import OVERRIDABLE, override_status


class OverrideForm(FlaskForm):
    status = SelectField("New status", choices=[(s.value, display.label(s)) for s in OVERRIDABLE])
    reason = StringField("Reason (required, kept in the audit log)", validators=[DataRequired(), Length(max=500)])


class AdminBookingView(BookingView):
    details_template = "admin_panel/booking_details.html"

    def details_context(self, booking) -> dict:
        context = super().details_context(booking)
        if can("booking.override_status") and booking.status in OVERRIDABLE:
            context["override"] = OverrideForm(prefix="override", status=booking.status.value)
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
