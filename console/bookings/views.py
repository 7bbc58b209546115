"""The bookings list and detail page shared by the admin, partner and support panels."""
from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_admin import expose
from markupsafe import Markup, escape
from sqlalchemy import select

from console import display
from console.access import can
from console.adminkit.formatters import rupees
from console.adminkit.pagination import NewestFirstPaging
from console.adminkit.views import CenterScopedView
from console.auth import current_actor, current_user
from console.bookings import forms
from console.bookings.actions import ACTIONS, Request, available
from core.booking.queries import reschedule_options
from core.clock import now_utc
from core.models.bookings import Booking
from core.models.users import User
from core.privacy import mask_email, mask_phone


def contact(user: User | None) -> dict[str, str]:
    """A patient's phone and email: in full only for roles holding booking.view_contact."""
    if user is None:
        return {"phone": "", "email": ""}
    if can("booking.view_contact"):
        return {"phone": user.phone or "", "email": user.email or ""}
    return {"phone": mask_phone(user.phone), "email": mask_email(user.email)}


def _phone(view, context, model, name):
    return contact(model.user)["phone"]


def _status(view, context, model, name):
    value = model.status.value
    return Markup(f'<span class="status status-{value}">{escape(display.label(model.status))}</span>')


def _scan_time(view, context, model, name):
    return display.ist(model.slot.starts_at)


class BookingView(NewestFirstPaging, CenterScopedView):
    permission = "booking.view"
    column_list = ["reference", "status", "center", "service", "slot.starts_at", "patient_name", "phone",
                   "price_paise", "created_at"]
    column_labels = {"slot.starts_at": "Scan time", "price_paise": "Price", "phone": "Patient phone",
                     "patient_name": "Patient", "created_at": "Booked"}
    column_searchable_list = ["reference", "patient_name"]
    column_filters = ["status", "source"]
    column_formatters = {"slot.starts_at": _scan_time, "phone": _phone, "status": _status, "price_paise": rupees}
    # Joined in the page's one query: the formatters read each row's slot and patient (else 2 queries a row).
    column_select_related_list = (Booking.center, Booking.service, Booking.slot, Booking.user)
    details_template = "bookings/details.html"
    audited_read = "patient details"

    def details_context(self, booking: Booking) -> dict:
        user, now = current_user(), now_utc()
        offered = available(booking, user.role, now)
        slot_choices = self._slot_choices(booking, offered, now)
        if not slot_choices:  # nothing to move to: do not offer a reschedule that cannot work
            offered = [a for a in offered if a.key != "reschedule"]
        return {"booking": booking, "contact": contact(booking.user), "slot_choices": slot_choices,
                "timeline": display.timeline(booking.history, self._names(booking)),
                "actions": [(a, forms.for_action(a.key), a.needs_reason(user.role)) for a in offered]}

    def _names(self, booking: Booking) -> dict[int, str]:
        ids = {c.actor_id for c in booking.history if c.actor_id}
        if not ids:
            return {}
        return dict(self.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())

    def _slot_choices(self, booking: Booking, offered, now) -> list[tuple[int, str]]:
        if not any(a.key == "reschedule" for a in offered):
            return []
        return [(s.id, display.ist(s.starts_at)) for s in reschedule_options(self.session, booking=booking, now=now)]

    @expose("/act/<action>/", methods=("POST",))
    def act_view(self, action: str):
        """Run one booking action through core; the outcome (or core's refusal) comes back as a flash."""
        chosen = ACTIONS.get(action) or abort(404)
        if not can(chosen.permission):
            abort(403)
        booking = self.get_one(request.args.get("id", ""))  # 404 for another center's booking
        form = forms.for_action(action)
        if not form.validate_on_submit():
            abort(400, "This form has expired or is not valid. Reload the page and try again.")
        reason = (form.reason.data or "").strip() or None
        pk = booking.id
        if chosen.needs_reason(current_actor().role) and not reason:
            flash(f"{chosen.label}: please give a reason.", "error")
        elif self.through_core(lambda session, actor: chosen.run(session, actor, pk,
                                                                 Request(reason, form.new_slot_id.data))):
            flash(chosen.done, "success")
        return redirect(self.get_url(".details_view", id=pk))
