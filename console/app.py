"""The Flask app factory. Each feature registers a blueprint listed in BLUEPRINTS."""
from __future__ import annotations

import importlib

from flask import Flask, jsonify
from sqlalchemy.orm import scoped_session

from console.admin import init_admin
from console.bootstrap import Container
from core.errors import DomainError, Forbidden, NotFound

# "module:attribute" of each feature blueprint; features add themselves here.
BLUEPRINTS: list[str] = [
    "console.auth:blueprint",
    "console.files:blueprint",
    "console.gateway.webhooks:blueprint",
    "console.gateway.sandbox_chat:blueprint",
    "console.payments:blueprint",
    "console.support:blueprint",
    "console.notifications:blueprint",
]


def create_app(container: Container) -> Flask:
    app = Flask(__name__)
    app.config.update(SECRET_KEY=container.settings.secret_key or "dev-only-not-secret",
                      MAX_CONTENT_LENGTH=16 * 1024 * 1024, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Lax")
    app.extensions["medezy"] = container
    db = app.extensions["medezy_db"] = scoped_session(container.session_factory)
    app.teardown_appcontext(lambda _exc: db.remove())
    for spec in BLUEPRINTS:
        module, _, attr = spec.partition(":")
        app.register_blueprint(getattr(importlib.import_module(module), attr))
    init_admin(app, db)
    _register_errors(app)
    app.add_url_rule("/healthz", "healthz", lambda: jsonify(status="ok"))
    return app


def _register_errors(app: Flask) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        status = 404 if isinstance(error, NotFound) else 403 if isinstance(error, Forbidden) else 422
        return jsonify(error=str(error)), status
