"""gunicorn entry point: `gunicorn console.wsgi:app`."""
from console.app import create_app
from console.bootstrap import container
from console.observability import logs

logs.configure(container().settings)
app = create_app(container())
