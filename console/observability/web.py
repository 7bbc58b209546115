"""The console's part: a request id and a latency sample per request, webhook outcomes, /metrics."""
from __future__ import annotations

import hmac
import re
import time
import uuid

from flask import Flask, Response, abort, g, request

from console.observability import logs, metrics

_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")  # a proxy's X-Request-ID, if it looks like one


def install(app: Flask, container) -> None:
    """Hook the app's requests and add GET /metrics (behind MEDEZY_METRICS_TOKEN when it is set)."""
    app.before_request(_start)
    app.after_request(_finish)
    app.teardown_request(_forget)
    app.add_url_rule("/metrics", "metrics", lambda: _metrics(container))


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.medezy_request = (time.perf_counter(), logs.request_id.set(
        given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex))


def _finish(response: Response) -> Response:
    started, _ = g.get("medezy_request", (time.perf_counter(), None))
    endpoint = request.url_rule.rule if request.url_rule else "unmatched"  # templates, never raw paths
    metrics.REQUEST_SECONDS.labels(request.method, endpoint, str(response.status_code)).observe(
        time.perf_counter() - started)
    provider = _webhook_provider(request.path)
    if provider:
        metrics.WEBHOOKS.labels(provider, metrics.webhook_outcome(response.status_code)).inc()
    response.headers["X-Request-ID"] = logs.request_id.get() or ""
    return response


def _forget(_error) -> None:
    state = g.pop("medezy_request", None)
    if state is not None:
        logs.request_id.reset(state[1])


def _webhook_provider(path: str) -> str | None:
    parts = path.strip("/").split("/")
    return parts[1] if len(parts) >= 2 and parts[0] == "webhooks" and parts[1].isalnum() else None


def _metrics(container) -> Response:
    token = container.settings.metrics_token
    given = request.headers.get("Authorization", "").removeprefix("Bearer ")
    if token and not hmac.compare_digest(token.encode(), given.encode()):
        abort(401)
    return Response(metrics.exposition(container), mimetype="text/plain; version=0.0.4")
