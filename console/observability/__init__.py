"""Observability: structured JSON logs with request, job and conversation ids; Prometheus metrics;
the alert rules that watch them (alerts.yml). `install(app)` wires the console; the worker and CLI
call `logs.configure(settings)`."""
