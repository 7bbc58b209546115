"""gunicorn entry point: `gunicorn console.wsgi:app`."""
from console.app import create_app
from console.bootstrap import container

app = create_app(container())
