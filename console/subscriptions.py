"""Which handlers run for each outbox topic.

Each module listed here exposes `SUBSCRIPTIONS: dict[str, list[handler]]`, a handler being
`handler(session, payload)`. Handlers run inside the delivery transaction and must be idempotent:
a message is delivered at least once.
"""
from __future__ import annotations

import importlib
import inspect
from collections import defaultdict
from functools import cache

from core.outbox import Handler

SUBSCRIBER_MODULES: list[str] = [
    "core.payments.subscribers",
    "notifications.patient_updates",
]


@cache
def handlers() -> dict[str, list[Handler]]:
    merged: dict[str, list[Handler]] = defaultdict(list)
    for module_path in SUBSCRIBER_MODULES:
        for topic, topic_handlers in importlib.import_module(module_path).SUBSCRIPTIONS.items():
            merged[topic].extend(topic_handlers)
    return dict(merged)


def bound(c) -> dict[str, list[Handler]]:
    """Handlers written `handler(session, payload, c)` get the container; older two-argument ones do not."""
    return {topic: [_with(handler, c) for handler in topic_handlers] for topic, topic_handlers in handlers().items()}


def _with(handler, c) -> Handler:
    if len(inspect.signature(handler).parameters) < 3:
        return handler
    return lambda session, payload: handler(session, payload, c)
