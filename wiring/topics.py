"""The topic registry: which handlers run for each outbox topic.

Each module listed here exposes `SUBSCRIPTIONS: dict[topic, list[handler]]`, a handler being
`handler(session, payload, c)`. Handlers run inside the delivery transaction and must be idempotent:
a message is delivered at least once. Every topic in core.topics (the only topics `core.outbox.emit`
accepts) must have a handler, and every subscribed topic must exist there: otherwise the process
refuses to start, naming the topics, rather than letting events pile up that nobody acts on.
"""
from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable
from functools import cache

from core import topics
from core.outbox import Handler
from wiring.production import StartupRefused

SUBSCRIBER_MODULES: list[str] = [
    "core.payments.subscribers",
    "core.payments.escalations",
    "notifications.patient_updates",
    "core.insight.exports",
    "core.marketing.launching",
    "core.support.escalations",
    "notifications.waitlist",
    "core.insight.settlement_months",
    "core.center_admins",
]


class UnhandledTopics(StartupRefused):
    """Core emits a topic nobody handles (or a module subscribes to a topic core never emits)."""


@cache
def handlers() -> dict[str, list[Handler]]:
    """Every topic's handlers, from SUBSCRIBER_MODULES; raises UnhandledTopics on a gap."""
    merged = collect(SUBSCRIBER_MODULES)
    check(merged, topics.ALL)
    return merged


def collect(module_paths: Iterable[str]) -> dict[str, list[Handler]]:
    merged: dict[str, list[Handler]] = defaultdict(list)
    for module_path in module_paths:
        for topic, topic_handlers in importlib.import_module(module_path).SUBSCRIPTIONS.items():
            merged[topic].extend(topic_handlers)
    return dict(merged)


def check(merged: dict[str, list[Handler]], emitted: Iterable[str]) -> None:
    emitted = set(emitted)
    unhandled = sorted(t for t in emitted if not merged.get(t))
    unknown = sorted(set(merged) - emitted)
    problems = []
    if unhandled:
        problems.append(f"no handler for outbox topic(s) {', '.join(unhandled)}")
    if unknown:
        problems.append(f"handlers subscribed to topic(s) core never emits: {', '.join(unknown)} "
                        "(add them to core/topics.py or fix the name)")
    if problems:
        raise UnhandledTopics("refusing to start: " + "; ".join(problems) + ". Subscriber modules are listed "
                              "in wiring/topics.py SUBSCRIBER_MODULES.")
