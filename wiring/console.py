"""The console's composition root: gunicorn (`console.wsgi:app`) and `medezy console` start here."""
from __future__ import annotations

from flask import Flask

from core.settings import Settings
from wiring.container import build


def create_app(settings: Settings | None = None) -> Flask:
    """The web console on this process's container, built once from settings (the environment)."""
    from console.app import create_app as console_app
    from console.observability import logs
    container = build(settings)
    logs.configure(container.settings)  # JSON lines carrying request, job and conversation ids
    return console_app(container)
