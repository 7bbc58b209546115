"""gunicorn entry point: `gunicorn console.wsgi:app`."""
from wiring.console import create_app

app = create_app()
