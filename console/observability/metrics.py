"""Prometheus metrics. Counters and histograms are process-local and aggregated across gunicorn workers
by prometheus-client's multiprocess mode (PROMETHEUS_MULTIPROC_DIR); queue depth and outbox lag are
read from Redis and the database when scraped, so every instance reports the same truth."""
from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timezone

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from sqlalchemy import func, select

from core.clock import now_utc
from core.models.outbox import OutboxMessage

REQUEST_SECONDS = Histogram("medezy_http_request_duration_seconds", "Console request latency.",
                            ["method", "endpoint", "status"],
                            buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
WEBHOOKS = Counter("medezy_webhook_requests_total",
                   "Webhook deliveries by provider and outcome (ok, refused: 4xx, error: 5xx).",
                   ["provider", "outcome"])
OTP_SENDS = Counter("medezy_otp_sends_total", "One-time sign-in codes sent, by channel and outcome.",
                    ["channel", "outcome"])


def webhook_outcome(status: int) -> str:
    return "ok" if status < 400 else "refused" if status < 500 else "error"


class StateCollector:
    """Gauges read at scrape time: RQ queue depth, undelivered outbox messages and the oldest one's age."""

    def __init__(self, container) -> None:
        self._container = container

    def collect(self) -> Iterator[GaugeMetricFamily]:
        depth = GaugeMetricFamily("medezy_queue_depth", "Jobs waiting in the queue.", labels=["queue"])
        for name, count in self._queue_depths():
            depth.add_metric([name], count)
        yield depth
        undelivered, oldest = self._outbox()
        yield GaugeMetricFamily("medezy_outbox_undelivered", "Outbox messages not yet delivered.", value=undelivered)
        lag = (now_utc() - oldest).total_seconds() if oldest else 0.0
        yield GaugeMetricFamily("medezy_outbox_lag_seconds", "Age of the oldest undelivered outbox message.",
                                value=max(lag, 0.0))

    def _queue_depths(self) -> list[tuple[str, int]]:
        queue = getattr(self._container.jobs, "queue", None)  # RQJobQueue; the embedded default has none
        return [(queue.name, queue.count)] if queue is not None else []

    def _outbox(self):
        with self._container.uow() as uow:
            row = uow.session.execute(select(func.count(), func.min(OutboxMessage.created_at))
                                      .where(OutboxMessage.delivered_at.is_(None))).one()
        oldest = row[1]
        if oldest is not None and oldest.tzinfo is None:  # SQLite aggregates come back naive (in UTC)
            oldest = oldest.replace(tzinfo=timezone.utc)
        return row[0], oldest


def exposition(container) -> bytes:
    """The text a scrape gets: this process's (or every worker's) metrics and the shared state."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)  # every gunicorn worker's counters, summed
    else:
        for collector in (REQUEST_SECONDS, WEBHOOKS, OTP_SENDS):
            registry.register(collector)
    registry.register(StateCollector(container))
    return generate_latest(registry)
