"""Structured logs carry request, job and conversation ids; /metrics exposes latency, queue depth,
outbox lag, webhook outcomes and OTP sends; the alert rules watch metrics that exist."""
import dataclasses
import io
import json
import logging
import re
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from rq import Queue, SimpleWorker

from wiring.container import build
from console.app import create_app
from console.observability import logs, metrics
from core import outbox, topics
from core.clock import now_utc
from core.models.outbox import OutboxMessage

ALERTS = Path(logs.__file__).with_name("alerts.yml")


@pytest.fixture
def json_lines():
    """Everything logged while the test runs, formatted as production formats it."""
    stream, handler = io.StringIO(), logging.StreamHandler()
    handler.stream = stream
    handler.setFormatter(logs.JsonFormatter())
    root, level = logging.getLogger(), logging.getLogger().level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


def log_from_a_job(text):
    logging.getLogger("tests.job").info("job says %s", text)
    return text


def test_a_request_s_log_lines_carry_its_request_id(app, json_lines):
    response = app.test_client().post("/webhooks/razorpay", data=b"{}", headers={"X-Razorpay-Signature": "nope"})
    line = next(line for line in json_lines() if "razorpay webhook refused" in line["message"])
    assert line["request_id"] == response.headers["X-Request-ID"] and len(line["request_id"]) == 32
    assert line["level"] == "WARNING" and line["at"].endswith("+00:00")


def test_a_proxy_s_request_id_is_kept(app):
    response = app.test_client().get("/healthz", headers={"X-Request-ID": "lb-4f2a9c1e77"})
    assert response.headers["X-Request-ID"] == "lb-4f2a9c1e77"


def test_a_job_s_log_lines_carry_its_job_id(redis_url, json_lines):
    from redis import Redis
    connection = Redis.from_url(redis_url)
    queue = Queue("medezy-observability-test", connection=connection)
    job = queue.enqueue(log_from_a_job, "hello")
    SimpleWorker([queue], connection=connection).work(burst=True)
    line = next(line for line in json_lines() if line["message"] == "job says hello")
    assert line["job_id"] == job.id


def test_lines_inside_a_conversation_carry_its_id(json_lines):
    with logs.bound(conversation=42):
        logging.getLogger("tests").warning("inside")
    logging.getLogger("tests").warning("outside")
    inside, outside = json_lines()[-2:]
    assert (inside["conversation_id"], outside["conversation_id"]) == (42, None)


def _scrape(client, **headers) -> str:
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _sample(text: str, name: str, **labels) -> float:
    for line in text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
            if all(found.get(k) == v for k, v in labels.items()):
                return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"no sample {name}{labels}")


def test_metrics_count_webhook_outcomes_by_provider_and_time_requests(app):
    client = app.test_client()
    before = _scrape(client)
    client.post("/webhooks/razorpay", data=b"{}", headers={"X-Razorpay-Signature": "nope"})
    client.get("/healthz")
    after = _scrape(client)
    refused = lambda text: _sample(text, "medezy_webhook_requests_total", provider="razorpay",  # noqa: E731
                                   outcome="refused") if "outcome=\"refused\"" in text else 0.0
    assert refused(after) == refused(before) + 1
    assert _sample(after, "medezy_http_request_duration_seconds_count", endpoint="/healthz", status="200") >= 1
    assert "# TYPE medezy_otp_sends_total counter" in after


def test_metrics_report_outbox_lag(app, container):
    with container.uow() as uow:
        message = outbox.emit(uow.session, topics.HOLD_EXPIRED, booking_id=0)
        message.created_at = now_utc() - timedelta(minutes=30)
        uow.session.commit()  # committed without dispatch: it waits in the outbox
    try:
        text = _scrape(app.test_client())
    finally:
        with container.uow() as uow:  # delivered, so no later sweep tries to run it
            uow.session.get(OutboxMessage, message.id).delivered_at = now_utc()
            uow.commit()
    assert _sample(text, "medezy_outbox_undelivered") >= 1
    assert _sample(text, "medezy_outbox_lag_seconds") >= 30 * 60


def test_metrics_report_queue_depth(container, redis_url):
    queued = build(dataclasses.replace(container.settings, redis_url=redis_url))
    try:
        text = metrics.exposition(queued).decode()
        assert _sample(text, "medezy_queue_depth", queue=queued.jobs.queue.name) == queued.jobs.queue.count
    finally:
        queued.engine.dispose()


def test_metrics_need_the_token_when_one_is_set(container):
    app = create_app(dataclasses.replace(container, settings=dataclasses.replace(container.settings,
                                                                                metrics_token="scrape-me")))
    client = app.test_client()
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert _scrape(client, Authorization="Bearer scrape-me")


def test_the_alert_rules_watch_metrics_the_console_exposes(app):
    exposed = set(re.findall(r"^# TYPE (\w+)", _scrape(app.test_client()), flags=re.M))
    rules = [rule for group in yaml.safe_load(ALERTS.read_text())["groups"] for rule in group["rules"]]
    for rule in rules:
        used = set(re.findall(r"\b(medezy_\w+)", rule["expr"]))
        assert used and used <= exposed, (rule["alert"], used - exposed)
    razorpay = next(rule for rule in rules if rule["alert"] == "RazorpayWebhookFailing")
    assert 'provider="razorpay"' in razorpay["expr"] and 'outcome!="ok"' in razorpay["expr"]
