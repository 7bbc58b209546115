"""Serves locally stored files behind signed, expiring links (the embedded default's 'S3')."""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

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
        if not storage.verify(key, expires, request.args.get("sig", "")):
            abort(403, "This link has expired or is not valid. Ask for a new one.")
        data = storage.get(key)
    except (NotFound, ValidationError):
        abort(404)
    name = request.args.get("name") or key.rsplit("/", 1)[-1]
    return Response(data, mimetype=storage.content_type(key),
                    headers={"Content-Disposition": f'attachment; filename="{name}"',
                             "Cache-Control": "private, no-store"})
