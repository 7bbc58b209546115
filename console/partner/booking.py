"""The partner's booking page: the shared booking actions plus the center's own work on a booking --
report files (upload a new file or version, download any) and a message to the patient relayed by MedEzy."""
from __future__ import annotations

import io

from flask import abort, current_app, flash, make_response, redirect, request, send_file
from flask_admin import expose
from werkzeug.datastructures import CombinedMultiDict, ImmutableMultiDict
from werkzeug.exceptions import RequestEntityTooLarge

from console.access import can
from console.adminkit.views import end_read
from console.auth import current_actor
from console.bookings.views import BookingView
from console.partner import forms
from core import documents
from core.models.notifications import Channel
from core.notify import manual

# The request may carry a 25 MB file plus the multipart envelope; core refuses anything over 25 MB itself.
UPLOAD_REQUEST_BYTES = documents.REPORT_MAX_BYTES + 1024 * 1024


class PartnerBookingView(BookingView):
    # Short on purpose: the list must read on a phone.
    column_list = ["reference", "status", "slot.starts_at", "service", "patient_name", "phone"]
    details_template = "partner/booking.html"

    def details_context(self, booking) -> dict:
        context = super().details_context(booking)
        files = documents.reports(self.session, actor=current_actor(), booking_id=booking.id) \
            if can("document.view") else []
        return {**context, "reports": files, "report_form": forms.ReportForm(),
                "contact_form": forms.ContactForm(), "may_upload": can("report.upload"),
                "may_message": can("booking.message_patient")}

    @expose("/report/", methods=("POST",))
    def report_view(self):
        """Upload one report file; a refused file is a 4xx on the booking page and stores nothing."""
        if not can("report.upload"):
            abort(403)
        request.max_content_length = UPLOAD_REQUEST_BYTES
        booking = self.get_one(request.args.get("id", ""))  # 404 for another center's booking
        try:
            form = forms.ReportForm()
            valid = form.validate_on_submit()
        except RequestEntityTooLarge:
            _forget_body()
            return self._refused(413, "The file is larger than 25 MB; nothing was stored. Compress or split it.")
        if not valid:
            abort(400, "This form has expired or is not valid. Reload the page and try again.")
        upload = form.file.data
        if upload is None or not getattr(upload, "filename", ""):
            return self._refused(422, "Choose a report file to upload.")
        data, pk = upload.read(), booking.id
        saved = self.through_core(lambda session, actor: documents.upload_report(
            session, current_app.extensions["medezy"].adapters["storage"], actor=actor, booking_id=pk, data=data,
            content_type=upload.mimetype or "", label=form.label.data, filename=upload.filename))
        if not saved:
            return self._refused(422)
        flash(f"Uploaded {saved.label} (version {saved.version}); the patient gets a link.", "success")
        return redirect(self.get_url(".details_view", id=pk))

    @expose("/report-file/")
    def report_file_view(self):
        """One report file as an attachment (never shown inline), for this center's bookings only."""
        if not can("document.view"):
            abort(403)
        booking = self.get_one(request.args.get("id", ""))
        file_id = request.args.get("file", "")
        if not file_id.isdigit():
            abort(404)
        storage = current_app.extensions["medezy"].adapters["storage"]
        name, content_type, data = documents.report_file(self.session, storage, actor=current_actor(),
                                                         booking_id=booking.id, document_id=int(file_id))
        response = send_file(io.BytesIO(data), mimetype=content_type, as_attachment=True, download_name=name,
                             max_age=0)
        response.headers.update({"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
        return response

    @expose("/contact/", methods=("POST",))
    def contact_view(self):
        """Relay a message to the patient through MedEzy (logged in their conversation); the number stays hidden."""
        if not can("booking.message_patient"):
            abort(403)
        booking = self.get_one(request.args.get("id", ""))
        form = forms.ContactForm()
        if not form.validate_on_submit():
            abort(400, "Write a message of up to 1,000 characters, then send it again.")
        pk, channel = booking.id, Channel(form.channel.data)
        if self.through_core(lambda session, actor: manual.send(
                session, actor=actor, channel=channel, text=form.text.data, booking_id=pk,
                request_id=f"partner:{form.request_id.data[:40]}")):
            flash("Message queued to the patient; replies reach MedEzy support.", "success")
        return redirect(self.get_url(".details_view", id=pk))

    def _refused(self, status: int, message: str | None = None):
        if message:
            flash(message, "error")
        end_read(self.session)
        response = make_response(self.details_view())
        response.status_code = status
        return response


def _forget_body() -> None:
    """The body was refused unread; without this the page's own forms (sign-out, CSRF) would try to parse it
    again and raise the 413 a second time, outside our hands."""
    empty = ImmutableMultiDict()
    request.__dict__.update(form=empty, files=empty, values=CombinedMultiDict([request.args, empty]))
