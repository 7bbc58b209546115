"""Serves locally stored files behind signed, expiring links (the embedded default's 'S3')."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, request, send_file

from core.errors import NotFound, ValidationError

blueprint = Blueprint("files", __name__)


@blueprint.get("/files/<path:key>")
def download(key: str):
    storage = current_app.extensions["medezy"].adapters.get("storage")
    if storage is None or not hasattr(storage, "verify"):
        abort(404)
    try:
        expires = int(request.args.get("expires", "0"))
    except ValueError:
        abort(403)
    try:
        name = request.args.get("name", "")
        if not storage.verify(key, expires, request.args.get("sig", ""), download_name=name):
            abort(403, "This link has expired or is not valid. Ask for a new one.")
        data = storage.get(key)
    except (NotFound, ValidationError):
        abort(404)
    # Always an attachment, never rendered: an uploaded file must not run as a page of ours.
    response = send_file(io.BytesIO(data), mimetype=storage.content_type(key), as_attachment=True,
                         download_name=name or key.rsplit("/", 1)[-1], max_age=0)
    response.headers.update({"Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff"})
    return response
