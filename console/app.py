"""The Flask app factory. Each feature registers a blueprint listed in BLUEPRINTS; the staff panels
(Flask-Admin instances) are listed in PANELS."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from flask import Flask, jsonify, render_template, request
from sqlalchemy.orm import scoped_session
from werkzeug.exceptions import HTTPException, InternalServerError

from console import display, navigation, security
from console.observability import web as observability
from core.errors import DomainError, Forbidden, NotFound

if TYPE_CHECKING:  # the console's composition root (wiring.console) builds the container
    from wiring.container import Container

# "module:attribute" of each feature blueprint; features add themselves here.
BLUEPRINTS: list[str] = [
    "console.auth:blueprint",
    "console.files:blueprint",
    "console.gateway.webhooks:blueprint",
    "console.gateway.sandbox_chat:blueprint",
    "console.payments:blueprint",
    "console.support:blueprint",
    "console.notifications:blueprint",
    "console.api:blueprint",
    "console.me:blueprint",
    "console.me.email_link:blueprint",
    "console.public:blueprint",
    "console.admin.escalations:blueprint",
    # template folders only (no routes)
    "console.bookings:templates",
    "console.admin:templates",
    "console.partner:templates",
]
# "module:function" building each staff panel: /admin/, /partner/, /support/.
PANELS: list[str] = ["console.admin:init_panel", "console.partner:init_panel", "console.support.panel:init_panel",
                     "console.admin.escalations:init_panel"]
# Menus of panels that are plain blueprints rather than Flask-Admin instances.
MENUS: dict[str, str] = {"me": "console.me.views:menu"}


def create_app(container: Container) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=_secret_key(container),
                      MAX_CONTENT_LENGTH=16 * 1024 * 1024, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=container.settings.is_production)
    app.extensions["medezy"] = container
    db = app.extensions["medezy_db"] = scoped_session(container.session_factory)
    app.teardown_appcontext(lambda _exc: db.remove())
    for spec in BLUEPRINTS:
        app.register_blueprint(_load(spec))
    for spec in PANELS:
        _load(spec)(app, db)
    app.extensions["medezy_menus"] = {key: _load(spec) for key, spec in MENUS.items()}
    display.register(app)
    navigation.install(app)
    security.install(app, production=container.settings.is_production,
                     image_sources=security.storage_image_sources(container.settings))
    _register_globals(app)
    _register_errors(app)
    observability.install(app, container)
    app.add_url_rule("/healthz", "healthz", lambda: jsonify(status="ok"))
    return app


def _secret_key(container: Container) -> str:
    # wiring.secret_key decides the key; an empty one here means the container was built by hand.
    if not container.settings.secret_key:
        raise RuntimeError("the container has no secret key: build it with wiring.container.build()")
    return container.settings.secret_key


def _load(spec: str):
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


def _register_globals(app: Flask) -> None:
    from console.bookings.views import contact
    app.jinja_env.globals["contact_of"] = contact


TITLES = {400: "Please try again", 403: "Not allowed", 404: "Not found", 422: "That cannot be done",
          500: "Something went wrong"}
MESSAGES = {400: "This request was not complete or has expired. Go back, reload the page and try again.",
            403: "Your role may not open this page. If you think it should, ask a MedEzy admin.",
            404: "There is nothing here, or it belongs to someone else.",
            500: "We could not finish this. Nothing was changed; please try again in a minute."}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return request.is_json or best == "application/json" or request.path.startswith(("/webhooks/", "/sandbox/chat/api"))


def error_page(code: int, message: str | None = None):
    """A styled error page inside the layout (JSON for API callers)."""
    text = message or MESSAGES.get(code, "")
    if _wants_json():
        return jsonify(error=text), code
    return render_template("errors.html", code=code, title=TITLES.get(code, "Error"), message=text), code


def _register_errors(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        status = 404 if isinstance(error, NotFound) else 403 if isinstance(error, Forbidden) else 422
        return error_page(status, str(error))

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code not in TITLES:
            return error
        described = error.description if error.description != type(error).description else None
        return error_page(error.code, described)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        return error_page(500)
