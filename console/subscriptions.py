"""Which handlers run for each outbox topic.

Each module listed here exposes `SUBSCRIPTIONS: dict[str, list[handler]]`, a handler being
`handler(session, payload)`. Handlers run inside the delivery transaction and must be idempotent:
a message is delivered at least once.
"""
from __future__ import annotations

import importlib
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
