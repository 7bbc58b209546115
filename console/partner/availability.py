"""Availability: weekly templates per scan that generate slots ahead, one-off slots, a CSV upload through
the one slot importer (dry run, every bad row by line), and blocking or opening slots with a reason."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import flash, redirect, request, url_for
from flask_admin import expose
from sqlalchemy import select

from console import posted
from console.partner import forms
from console.partner.pages import PartnerPage
from core.booking import blocking
from core.clock import IST, now_utc
from core.models import CenterService, Service
from core.slots import importer, one_off, weekly

MAX_CSV_BYTES = 2 * 1024 * 1024  # checked while the page waits; bigger files go through MedEzy's admin import


class AvailabilityPage(PartnerPage):
    permission = "slot.manage"

    def _page(self, status: int = 200, **results):
        today = now_utc().astimezone(IST).date()
        with self.uow() as uow:
            scans = self._scans(uow.session)
            context = {"templates": weekly.templates(uow.session, actor=self.actor(), center_id=self.center_id()),
                       "center": self.center(uow.session), "scans": dict(scans),
                       "days": weekly.DAYS_AHEAD, "today": today, **self._forms(scans, today), **results}
            return self.render("partner/availability.html", **context), status

    def _scans(self, session) -> list[tuple[int, str]]:
        return [(sid, name) for sid, name in session.execute(select(Service.id, Service.name).join(
            CenterService, CenterService.service_id == Service.id).where(
            CenterService.center_id == self.center_id(), CenterService.is_active).order_by(Service.name))]

    @staticmethod
    def _forms(scans, today) -> dict:
        # Blank forms even when this page answers a POST: only the result of that POST is shown above them.
        made = {"template_form": forms.TemplateForm(prefix="t", formdata=None),
                "one_off_form": forms.OneOffForm(prefix="o", formdata=None),
                "import_form": forms.ImportForm(prefix="i", formdata=None),
                "block_form": forms.BlockForm(prefix="b", formdata=None), "csrf_form": forms.CsrfOnlyForm()}
        for form in (made["template_form"], made["one_off_form"]):
            form.service_id.choices = scans
        made["block_form"].service_id.choices = [(0, "Every scan")] + scans
        made["block_form"].from_day.data = made["block_form"].from_day.data or today
        made["block_form"].to_day.data = made["block_form"].to_day.data or today
        return made

    @expose("/")
    def index(self):
        return self._page()

    @expose("/templates", methods=("POST",))
    def add_template(self):
        form = posted.checked(forms.TemplateForm(prefix="t"))
        spec = weekly.Weekly(form.service_id.data or 0, "".join(form.weekdays.data or []), form.opens_at.data,
                             form.closes_at.data, form.slot_minutes.data, form.capacity.data)
        center_id, today = self.center_id(), now_utc().astimezone(IST).date()

        def work(session, actor):
            weekly.create(session, actor=actor, center_id=center_id, weekly=spec)
            return weekly.generate(session, today=today, center_id=center_id)
        created = self.write(work)
        if created is not None:
            flash(f"Weekly hours saved; {int(created)} slots created for the next {weekly.DAYS_AHEAD} days.", "success")
        return redirect(url_for(".index"))

    @expose("/templates/<int:template_id>/retire", methods=("POST",))
    def retire_template(self, template_id: int):
        posted.checked(forms.CsrfOnlyForm())
        center_id = self.center_id()
        self.write(lambda s, actor: weekly.retire(s, actor=actor, center_id=center_id, template_id=template_id),
                   "Template retired; its slots already created stay bookable (block them to close them).")
        return redirect(url_for(".index"))

    @expose("/one-off", methods=("POST",))
    def add_one_off(self):
        form = posted.checked(forms.OneOffForm(prefix="o"))
        starts = datetime.combine(form.day.data, form.starts.data, tzinfo=IST)
        center_id = self.center_id()
        self.write(lambda s, actor: one_off.add(s, actor=actor, center_id=center_id,
                                                       service_id=form.service_id.data or 0, starts_at=starts,
                                                       minutes=form.slot_minutes.data, capacity=form.capacity.data),
                   "Slot added.")
        return redirect(url_for(".index"))

    @expose("/import", methods=("POST",))
    def import_csv(self):
        request.max_content_length = MAX_CSV_BYTES + 64 * 1024
        form = posted.checked(forms.ImportForm(prefix="i"))
        upload = form.file.data
        data = upload.read() if upload is not None else b""
        if not data or len(data) > MAX_CSV_BYTES:
            flash("Choose a CSV file of up to 2 MB." if not data else "The file is over 2 MB; split it.", "error")
            return self._page(422)
        mode = form.mode.data
        outcome = self.write(lambda s, actor: importer.run(
            s, actor=actor, data=data, dry_run=mode == "dry_run", import_good_rows=mode == "import_good_rows",
            source="upload", filename=(upload.filename or "slots.csv")[:200]))
        if not outcome:
            return self._page(422)
        return self._page(422 if outcome.errors and not outcome.imported else 200, outcome=outcome)

    @expose("/block", methods=("POST",))
    def block(self):
        form = posted.checked(forms.BlockForm(prefix="b"))
        starts = datetime.combine(form.from_day.data, form.from_time.data or time.min, tzinfo=IST)
        ends = datetime.combine(form.to_day.data, form.to_time.data or time.min, tzinfo=IST)
        if form.to_time.data is None:
            ends += timedelta(days=1)  # a date alone means the whole of that day
        center_id, service_id, reason = self.center_id(), form.service_id.data or None, form.reason.data
        if form.action.data == "unblock":
            opened = self.write(lambda s, actor: blocking.unblock(s, actor=actor, center_id=center_id, starts_at=starts,
                                                                  ends_at=ends, reason=reason, service_id=service_id))
            if opened is not None:
                flash(f"{int(opened)} slots checked; blocked ones are open again.", "success")
            return redirect(url_for(".index"))
        result = self.write(lambda s, actor: _block_summary(blocking.block(
            s, actor=actor, center_id=center_id, starts_at=starts, ends_at=ends, reason=reason, service_id=service_id)))
        if result is None:
            return self._page(422)
        flash(f"{result['slots']} slots blocked.", "success")
        return self._page(blocked=result)


def _block_summary(result: blocking.BlockResult) -> dict:
    """What the page lists after blocking: the live bookings now with support (read inside the unit of work)."""
    return {"slots": result.slots, "tickets": len(result.ticket_ids),
            "bookings": [(b.id, b.reference, b.patient_name, b.status.value) for b in result.bookings]}
