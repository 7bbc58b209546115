"""A WhatsApp turn through our gateway vs the same turn sent straight to rasa, in the same run.

Gateway turn: signed Twilio webhook -> signature check, inbound log -> job -> patient lookup -> rasa's
REST channel -> our action server -> core on Postgres -> sandbox provider -> outbound log, timed from
the webhook post until the job has handled the message. Bare turn: the same message (and metadata)
posted straight to rasa's REST webhook, so rasa, the action and core are in both; the difference is
our gateway. Turns alternate, and which of the two goes first alternates too, so both see the same
machine load. The replies are read back from the log after the clock stops: checking the turn is the
bench's work, not the gateway's. The webhook goes through Flask's test client (in process), so the
figure leaves out the HTTP server in front of the console.
"""
from __future__ import annotations

import dataclasses
import secrets
import statistics
import tempfile
import time

import requests

from console.app import create_app
from core.patients import get_or_register
from core.settings import Settings
from tests import bot_servers
from tests.whatsapp_client import WhatsAppPatient
from wiring.container import build

TURNS = 100
WARMUP = 5
PATIENTS = 6  # a few conversations, so no single tracker grows long
MESSAGE = "MRI knee price in Pune"  # one custom action (action_show_prices) reading core


def run(url: str, dsn: str, turns: int = TURNS) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="medezy-bench-") as files:
        settings = Settings(database_url=url, storage_dir=files, secret_key="bench-" + secrets.token_hex(8))
        with bot_servers.running(settings) as servers:
            container = build(dataclasses.replace(settings, rasa_url=servers.rasa_url, rasa_token=servers.token))
            try:
                return _measure(container, servers, turns)
            finally:
                container.jobs.drain()
                container.engine.dispose()


def _measure(container, servers, turns: int) -> dict[str, float]:
    app = create_app(container)
    gateway = [WhatsAppPatient(app, container, _phone(), f"Bench Patient {i}") for i in range(PATIENTS)]
    bare = [_bare_sender(container, _phone(), i) for i in range(PATIENTS)]
    http = requests.Session()
    via_gateway, direct = [], []
    for i in range(WARMUP + turns):
        patient, payload = gateway[i % PATIENTS], bare[i % PATIENTS]
        if i % 2:  # whichever goes first might find rasa or a core busier; let neither always be first
            straight = _timed(lambda: _post(http, servers, payload))
            through_gateway = _through_gateway(container, patient)
        else:
            through_gateway = _through_gateway(container, patient)
            straight = _timed(lambda: _post(http, servers, payload))
        if i >= WARMUP:
            via_gateway.append(through_gateway)
            direct.append(straight)
    return _figures(via_gateway, direct)


def _through_gateway(container, patient: WhatsAppPatient) -> float:
    """Post the webhook and wait for its job; the replies are checked once the clock has stopped."""
    started = time.perf_counter()
    sid = patient.post(MESSAGE)
    container.jobs.drain(timeout=60)
    elapsed = (time.perf_counter() - started) * 1000
    if not patient.replies(sid, MESSAGE):  # a turn without a reply is a broken turn, not a fast one
        raise RuntimeError("no reply")
    return elapsed


def _phone() -> str:
    return f"+9197{secrets.randbelow(10**8):08d}"


def _bare_sender(container, phone: str, i: int) -> dict:
    """A registered patient and the metadata our gateway would send rasa for them."""
    with container.uow() as uow:
        user, _ = get_or_register(uow.session, phone=phone, name=f"Bench Direct {i}")
        uow.commit()
        return {"sender": f"bench-direct-{user.id}", "message": MESSAGE,
                "metadata": {"phone": phone, "user_id": user.id, "profile_name": user.name, "media": []}}


def _post(http: requests.Session, servers, payload: dict) -> list:
    response = http.post(f"{servers.rasa_url}/webhooks/rest/webhook", params={"token": servers.token},
                         json=payload, timeout=30)
    response.raise_for_status()
    return response.json()


def _timed(work) -> float:
    started = time.perf_counter()
    replies = work()
    if not replies:  # a turn without a reply is a broken turn, not a fast one
        raise RuntimeError("no reply")
    return (time.perf_counter() - started) * 1000


def _figures(via_gateway: list[float], direct: list[float]) -> dict[str, float]:
    g50, g95, b50, b95 = _p(via_gateway, 50), _p(via_gateway, 95), _p(direct, 50), _p(direct, 95)
    return {"turns": len(via_gateway), "gateway_p50_ms": g50, "gateway_p95_ms": g95, "rasa_p50_ms": b50,
            "rasa_p95_ms": b95, "overhead_p50_ratio": (g50 - b50) / b50, "overhead_p95_ratio": (g95 - b95) / b95}


def _p(samples: list[float], percent: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[percent - 1]
