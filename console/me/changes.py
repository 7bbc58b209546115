"""Cancel (the refund shown first) and reschedule a booking. Each POST runs one core service in a unit of
work; a refusal comes back as a message on the page, never as a 500."""
from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from console import posted
from console.auth import current_actor
from console.display import ist, rupees
from console.me import blueprint, forms
from console.me.views import container, perform
from core.clock import now_utc
from core.errors import DomainError
from core.portal import bookings, changes


@blueprint.get("/bookings/<reference>/cancel")
def cancel(reference: str):
    actor, now, c = current_actor(), now_utc(), container()
    with c.uow() as uow:
        shown = bookings.view(uow.session, actor=actor, reference=reference, finance=c.adapters["finance"], now=now)
        if not shown.live:
            flash("This booking can no longer be cancelled here; write to us on WhatsApp.", "error")
            return redirect(url_for("me.booking", reference=shown.booking.reference))
        quote = changes.cancel_quote(uow.session, booking=shown.booking, finance=c.adapters["finance"], now=now)
        form = forms.CancelForm(quoted_refund_paise=str(quote.refund_paise))
        return render_template("me/cancel.html", b=shown.booking, quote=quote, form=form)


@blueprint.post("/bookings/<reference>/cancel")
def cancel_post(reference: str):
    form = posted.submitted(forms.CancelForm)
    quoted = form.quoted_refund_paise.data or ""
    if not quoted.isdigit():
        flash("Please open the cancel page again to see your refund first.", "error")
        return redirect(url_for("me.booking", reference=reference[:20]))

    def run(session, actor, now):
        changes.cancel(session, actor=actor, reference=reference, reason=(form.reason.data or "").strip()[:500],
                       quoted_refund_paise=int(quoted), finance=container().adapters["finance"], now=now)
        if not int(quoted):
            return "Booking cancelled."
        return f"Booking cancelled. {rupees(int(quoted))} will be refunded to how you paid within 5–7 working days."
    return _perform(reference, run)


@blueprint.get("/bookings/<reference>/reschedule")
def reschedule(reference: str):
    actor, now = current_actor(), now_utc()
    with container().uow() as uow:
        booking = bookings.get(uow.session, actor=actor, reference=reference)  # another patient's: 404
        try:
            options = changes.reschedule_options(uow.session, actor=actor, reference=reference, now=now)
        except DomainError as error:
            flash(str(error), "error")
            return redirect(url_for("me.booking", reference=booking.reference))
        return render_template("me/reschedule.html", b=booking, options=options, form=forms.RescheduleForm())


@blueprint.post("/bookings/<reference>/reschedule")
def reschedule_post(reference: str):
    raw = (posted.submitted(forms.RescheduleForm).slot_id.data or "").strip()
    if not raw.isdigit() or int(raw) > 2**31 - 1:
        flash("Please pick one of the times shown.", "error")
        return redirect(url_for("me.reschedule", reference=reference[:20]))

    def run(session, actor, now):
        moved = changes.reschedule(session, actor=actor, reference=reference, slot_id=int(raw), now=now)
        return f"Done: your scan is now at {ist(moved.slot.starts_at)}; we have told the center."
    return _perform(reference, run)



def _perform(reference: str, run):
    return perform(run, back=url_for("me.booking", reference=reference.strip().upper()[:20]))
