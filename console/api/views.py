"""/api/v1 endpoints. Every request names its token (`Authorization: Bearer mdz_...`) and runs in one
unit of work; bad input is a 4xx JSON error and changes nothing."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request
from werkzeug.exceptions import HTTPException

from core import api_tokens
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.slots import importer

blueprint = Blueprint("api_v1", __name__, url_prefix="/api/v1")


@blueprint.post("/slots/import")
def import_slots():
    """Import a slot CSV: JSON {"csv": "...", "dry_run": false, "import_good_rows": false}, or a text/csv body."""
    data, dry_run, good_rows = _import_request()
    with current_app.extensions["medezy"].uow() as uow:
        actor = api_tokens.authenticate(uow.session, secret=_bearer())
        uow.commit()  # the token's last use is kept even if the import is refused
        outcome = importer.run(uow.session, actor=actor, data=data, dry_run=dry_run, import_good_rows=good_rows,
                               source="api", filename=request.args.get("filename", "api.csv"))
        uow.commit()
    status = 200 if outcome.imported or not outcome.errors else 422
    return jsonify(outcome.as_dict()), status


def _import_request() -> tuple[bytes, bool, bool]:
    if request.mimetype == "text/csv":
        return request.get_data(), _flag(request.args.get("dry_run")), _flag(request.args.get("import_good_rows"))
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("csv"), str):
        raise _BadRequest('Send JSON {"csv": "<the CSV text>", "dry_run": false, "import_good_rows": false} '
                          "or a text/csv body.")
    for name in ("dry_run", "import_good_rows"):
        if not isinstance(body.get(name, False), bool):
            raise _BadRequest(f"{name} must be true or false.")
    return body["csv"].encode(), body.get("dry_run", False), body.get("import_good_rows", False)


def _flag(value: str | None) -> bool:
    return (value or "").lower() in ("1", "true", "yes")


def _bearer() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


class _BadRequest(DomainError):
    pass


@blueprint.errorhandler(DomainError)
def _domain_error(error: DomainError):
    return jsonify(error=str(error)), _status(error)


@blueprint.errorhandler(HTTPException)
def _http_error(error: HTTPException):
    return jsonify(error=error.description), error.code


def _status(error: DomainError) -> int:
    for kind, status in ((api_tokens.InvalidToken, 401), (Forbidden, 403), (NotFound, 404), (Conflict, 409),
                         (_BadRequest, 400)):
        if isinstance(error, kind):
            return status
    return 422
