"""Reports, prescriptions and invoices: the list, a download (checked, audited, then a 15-minute signed link that
serves the file as an attachment), and a prescription upload for a booking."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from console import posted
from console.auth import current_actor
from console.me import blueprint, forms
from console.me.views import container
from core.documents import MAX_BYTES
from core.errors import NotFound, ValidationError
from core.portal import documents, payments


@blueprint.get("/documents")
def documents_page():
    with container().uow() as uow:
        actor = current_actor()
        return render_template("me/documents.html", rows=documents.get_all(uow.session, actor=actor),
                               invoices=payments.invoices(uow.session, actor=actor))


@blueprint.get("/documents/<int:document_id>/download")
def download(document_id: int):
    c = container()
    with c.uow() as uow:
        link = documents.download_link(uow.session, c.adapters["storage"], actor=current_actor(),
                                       document_id=document_id)
        uow.commit()  # the audit entry of the download
    response = redirect(link)
    response.headers["Cache-Control"] = "private, no-store"  # the link is the patient's, for 15 minutes
    return response


@blueprint.post("/bookings/<reference>/prescription")
def upload_prescription(reference: str):
    posted.submitted(forms.UploadForm)
    upload = request.files.get("file")
    # One byte past the limit is enough to say "too big" without reading a huge file into memory.
    data = upload.stream.read(MAX_BYTES + 1) if upload else b""
    c = container()
    with c.uow() as uow:
        try:
            documents.upload_prescription(uow.session, c.adapters["storage"], actor=current_actor(),
                                          reference=reference, data=data,
                                          content_type=upload.mimetype if upload else "")
        except NotFound:
            raise
        except ValidationError as error:
            return _refused(reference, str(error))
        uow.commit()
    flash("Prescription received; the center will see it before your scan.", "success")
    return redirect(url_for("me.booking", reference=reference.strip().upper()[:20]))


def _refused(reference: str, message: str):
    """The form page again with the reason, answered 422 so nothing mistakes it for a success."""
    flash(message, "error")
    return render_template("me/upload_refused.html", reference=reference.strip().upper()[:20], message=message), 422
