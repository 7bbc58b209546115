"""Structured logs: one JSON object per line, carrying the ids that tie a line to its request, job and
conversation. The ids live in context variables, so any module's logger picks them up unchanged."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone

from core.settings import Settings

request_id: ContextVar[str | None] = ContextVar("medezy_request_id", default=None)
conversation_id: ContextVar[int | None] = ContextVar("medezy_conversation_id", default=None)


def current_job_id() -> str | None:
    """The RQ job this process is running, if any (rq keeps it for us; no import cost without rq jobs)."""
    try:
        from rq import get_current_job
    except ImportError:  # pragma: no cover - rq is always installed with the app
        return None
    job = get_current_job()
    return job.id if job is not None else None


class JsonFormatter(logging.Formatter):
    """`{"at", "level", "logger", "message", "request_id", "job_id", "conversation_id"[, "error"]}`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"at": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage(),
                "request_id": request_id.get(), "job_id": current_job_id(),
                "conversation_id": conversation_id.get()}
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def configure(settings: Settings, *, level: int = logging.INFO) -> None:
    """JSON lines on stderr when MEDEZY_LOG_FORMAT=json (production); the plain format otherwise.

    Like logging.basicConfig, it leaves a root logger that already has handlers (a test runner's) alone.
    """
    root = logging.getLogger()
    if root.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter() if settings.log_format == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)


@contextmanager
def bound(*, conversation: int | None = None, request: str | None = None) -> Iterator[None]:
    """Every log line inside the block carries these ids."""
    tokens = [(var, var.set(value)) for var, value in ((conversation_id, conversation), (request_id, request))
              if value is not None]
    try:
        yield
    finally:
        for var, token in reversed(tokens):
            var.reset(token)
