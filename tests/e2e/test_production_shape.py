"""The production shape without Docker: two rasa servers sharing the SQL tracker store (Postgres) and
the Redis lock store of bot/endpoints.production.yml behind a round-robin balancer, gunicorn with two
workers, two RQ workers, moto's S3 server, Postgres and Redis. A WhatsApp booking whose turns alternate
between the rasa instances survives a restart of one of them mid-conversation.

Slow: three rasa start-ups (20-90 s each on two busy cores).
"""
from __future__ import annotations

import dataclasses
import itertools
import os
import secrets
import subprocess
import sys
import threading
import time
import uuid
from contextlib import ExitStack
from pathlib import Path

import psycopg
import pytest
import requests
from sqlalchemy import select

from wiring.container import build
from console.gateway import signing
from console.gateway.webhooks import INBOUND_PATH
from core.conversations import log as conversation_log
from core.models import Booking, BookingStatus, Payment, User
from core.settings import Settings
from tests import bot_servers, services
from tests.e2e.test_whatsapp_booking import _text, pune_mri_knee  # noqa: F401 - the same centre and slots
from tests.fake_http import FakeServer, Reply

pytestmark = pytest.mark.slow
TURN_SECONDS = 60
ENDPOINTS = "endpoints.production.yml"


class Balancer:
    """Round-robin over the live rasa instances, as a load balancer with health checks would."""

    def __init__(self) -> None:
        self.backends: dict[str, str] = {}  # name -> url, only the live ones
        self.served: list[tuple[str, str]] = []  # (backend name, path)
        self._turn = itertools.count()
        self._lock = threading.Lock()

    def __call__(self, seen) -> Reply:
        with self._lock:
            live = sorted(self.backends.items())
            name, url = live[next(self._turn) % len(live)]
            self.served.append((name, seen.path))
        query = "&".join(f"{k}={v[0]}" for k, v in seen.query.items())
        answer = requests.request(seen.method, f"{url}{seen.path}?{query}", data=seen.body, timeout=TURN_SECONDS,
                                  headers={"Content-Type": seen.headers.get("Content-Type", "application/json")})
        return Reply(answer.status_code, answer.content, {"Content-Type": answer.headers.get("Content-Type", "")})


@dataclasses.dataclass
class Shape:
    settings: Settings
    container: object  # the test's own view of the database
    balancer: Balancer
    rasa: "RasaFleet"


class RasaFleet:
    """Named rasa instances on the production endpoints; each joins the balancer once its model is loaded."""

    def __init__(self, logs: Path, env: dict, token: str, balancer: Balancer) -> None:
        self.logs, self.env, self.token, self.balancer = logs, env, token, balancer
        self.processes: dict[str, subprocess.Popen] = {}
        self._starts = itertools.count()

    def start(self, name: str) -> None:
        """Launch an instance and wait until its model is loaded and it takes traffic."""
        self.wait(*self.launch(name))

    def launch(self, name: str) -> tuple[str, subprocess.Popen, Path, str]:
        port, log = bot_servers.free_port(), self.logs / f"rasa-{name}-{next(self._starts)}.log"
        command = [str(bot_servers.RASA), "run", "--enable-api", "--auth-token", self.token, "--model",
                   str(bot_servers.MODEL), "--port", str(port), "--endpoints", ENDPOINTS,
                   "--credentials", "credentials.yml"]
        with open(log, "wb") as out:
            process = subprocess.Popen(command, cwd=bot_servers.BOT, env=self.env, stdout=out,
                                       stderr=subprocess.STDOUT)
        self.processes[name] = process
        return name, process, log, f"http://127.0.0.1:{port}"

    def wait(self, name: str, process: subprocess.Popen, log: Path, url: str) -> None:
        bot_servers._wait(process, log, bot_servers.RASA_READY_SECONDS,
                          lambda: bot_servers._model_loaded(url, self.token))
        self.balancer.backends[name] = url

    def stop(self, name: str) -> None:
        self.balancer.backends.pop(name, None)
        process = self.processes.pop(name)
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def restart(self, name: str) -> None:
        """Stop the instance (whatever it held in memory is gone) and start a fresh one under its name."""
        self.stop(name)
        self.start(name)

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)


def _process(stack: ExitStack, logs: Path, name: str, command: list[str], env: dict) -> subprocess.Popen:
    return stack.enter_context(bot_servers._process(command, bot_servers.ROOT, env, logs / f"{name}.log"))


@pytest.fixture(scope="module")
def own_database():
    with services.fresh_database("medezy_shape") as url:
        yield url


@pytest.fixture(scope="module")
def tracker_database():
    """The tracker store's database; rasa creates its tables in it."""
    name = f"medezy_trackers_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield name
    with psycopg.connect(services.ADMIN_DSN, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def shape(own_database, tracker_database, moto_endpoint, redis_url, tmp_path_factory):
    """Everything started as production starts it."""
    bot_servers.require_model()
    logs = tmp_path_factory.mktemp("shape-logs")
    balancer = Balancer()
    console_port, action_port = bot_servers.free_port(), bot_servers.free_port()
    with ExitStack() as stack, FakeServer(balancer) as front:
        settings = Settings(
            database_url=own_database, redis_url=redis_url, secret_key="shape-" + secrets.token_hex(8),
            public_base_url=f"http://127.0.0.1:{console_port}", storage_provider="s3", s3_endpoint_url=moto_endpoint,
            s3_bucket=f"medezy-shape-{secrets.token_hex(4)}", aws_access_key_id="testing",
            aws_secret_access_key="testing", rasa_url=front.url, rasa_token=secrets.token_hex(16),
            twilio_auth_token="shape-twilio-token", action_server_url=f"http://127.0.0.1:{action_port}/webhook")
        container = build(settings)
        stack.callback(container.engine.dispose)
        container.adapters["storage"]._client.create_bucket(
            Bucket=settings.s3_bucket, CreateBucketConfiguration={"LocationConstraint": settings.s3_region})
        env = {**os.environ, **bot_servers.settings_env(settings), "RASA_TELEMETRY_ENABLED": "false",
               "ACTION_SERVER_URL": settings.action_server_url}
        actions = _process(stack, logs, "actions", [sys.executable, "-m", "wiring.action_server",
                                                    "--port", str(action_port)], env)
        bin_dir = Path(sys.executable).parent
        metrics_dir = tmp_path_factory.mktemp("metrics")  # /metrics sums both workers' counters from here
        gunicorn = _process(stack, logs, "gunicorn", [str(bin_dir / "gunicorn"), "--workers", "2", "--bind",
                                                      f"127.0.0.1:{console_port}", "console.wsgi:app"],
                            {**env, "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir), "MEDEZY_LOG_FORMAT": "json"})
        for n in (1, 2):
            _process(stack, logs, f"worker{n}", [str(bin_dir / "medezy"), "worker"], env)
        rasa = RasaFleet(logs, {**env, **_tracker_env(tracker_database, redis_url)}, settings.rasa_token, balancer)
        stack.callback(rasa.stop_all)
        bot_servers._wait(actions, logs / "actions.log", bot_servers.ACTIONS_READY_SECONDS,
                          lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2).ok)
        bot_servers._wait(gunicorn, logs / "gunicorn.log", 60,
                          lambda: requests.get(f"{settings.public_base_url}/healthz", timeout=2).ok)
        # a creates the tracker tables as it starts (before loading its model); b starts once they
        # exist, so the two never race to create them, and both load their models side by side
        first = rasa.launch("a")
        bot_servers._wait(first[1], first[2], bot_servers.RASA_READY_SECONDS,
                          lambda: _has_tracker_tables(tracker_database))
        second = rasa.launch("b")
        rasa.wait(*first)
        rasa.wait(*second)
        yield Shape(settings, container, balancer, rasa)


@pytest.fixture(scope="module")
def stack(shape):
    """The name tests.e2e.test_whatsapp_booking's catalogue fixture asks for."""
    return shape.container


def _has_tracker_tables(tracker_db: str) -> bool:
    with psycopg.connect(services.ADMIN_DSN.rsplit("/", 1)[0] + f"/{tracker_db}") as conn:
        return conn.execute("SELECT to_regclass('public.events') IS NOT NULL").fetchone()[0]


def _tracker_env(tracker_db: str, redis_url: str) -> dict[str, str]:
    return {"MEDEZY_TRACKER_DB_HOST": services.PG_HOST, "MEDEZY_TRACKER_DB_NAME": tracker_db,
            "MEDEZY_TRACKER_DB_LOGIN_DB": "postgres", "MEDEZY_TRACKER_DB_USER": "postgres",
            "MEDEZY_TRACKER_DB_PASSWORD": "", "MEDEZY_LOCK_STORE_HOST": services.REDIS_HOST,
            "MEDEZY_LOCK_STORE_DB": redis_url.rsplit("/", 1)[1],
            "MEDEZY_LOCK_STORE_PREFIX": f"shape{secrets.token_hex(4)}"}


class Patient:
    """A patient writing to the production console over HTTP, as Twilio delivers their messages."""

    def __init__(self, shape: Shape, phone: str, name: str) -> None:
        self.shape, self.container, self.phone, self.name = shape, shape.container, phone, name

    def send(self, text: str) -> list[str]:
        settings = self.shape.settings
        fields = {"From": f"whatsapp:{self.phone}", "To": settings.twilio_whatsapp_from, "Body": text,
                  "MessageSid": "SM" + uuid.uuid4().hex, "NumMedia": "0", "ProfileName": self.name,
                  "WaId": self.phone.lstrip("+"), "AccountSid": "ACtest"}
        url = settings.public_base_url + INBOUND_PATH
        response = requests.post(url, data=fields, timeout=10,
                                 headers={signing.HEADER: signing.sign(settings, url, fields)})
        assert response.status_code == 200, response.text
        return self._replies(fields["MessageSid"], text)

    def _replies(self, sid: str, text: str) -> list[str]:
        deadline = time.monotonic() + TURN_SECONDS
        while time.monotonic() < deadline:  # an RQ worker picks the turn up; poll for its end
            with self.container.uow() as uow:
                inbound = conversation_log.find_by_sid(uow.session, sid)
                if inbound is not None and inbound.processed_at is not None:
                    assert not inbound.error, f"message {text!r} failed: {inbound.error}"
                    return [m.body for m in conversation_log.replies_to(uow.session, inbound.id)]
            time.sleep(0.1)
        raise AssertionError(f"message {text!r} was not handled within {TURN_SECONDS}s")


def test_a_booking_alternates_between_rasa_instances_and_survives_a_restart(shape, pune_mri_knee):  # noqa: F811
    container, phone = shape.container, f"+9198{secrets.randbelow(10**8):08d}"
    patient = Patient(shape, phone, "Anil Verma")

    assert "1. Book a scan" in _text(patient.send("hi"))
    assert "Which scan" in _text(patient.send("1"))
    assert "Which city" in _text(patient.send("MRI knee"))
    assert "When would you like to go" in _text(patient.send("Pune"))
    options = _text(patient.send("kal shaam"))
    assert "MRI Knee" in options and "1. " in options
    assert {name for name, _ in shape.balancer.served} == {"a", "b"}  # both instances answered this patient

    shape.rasa.restart("a")  # mid-conversation: instance a forgets everything it held in memory
    served_before = len(shape.balancer.served)
    assert "Who is this scan for" in _text(patient.send("2"))
    assert "age" in _text(patient.send("1"))
    assert "sex" in _text(patient.send("45")).lower()
    summary = _text(patient.send("1"))
    assert "Please confirm" in summary and "Anil Verma (45, M)" in summary
    held = _text(patient.send("1"))
    assert {name for name, _ in shape.balancer.served[served_before:]} == {"a", "b"}

    with container.uow() as uow:
        user = uow.session.scalar(select(User).where(User.phone == phone))
        booking = uow.session.scalar(select(Booking).where(Booking.user_id == user.id))
        payment = uow.session.scalar(select(Payment).where(Payment.booking_id == booking.id))
        assert booking.status is BookingStatus.HELD and booking.center_id == pune_mri_knee
        assert (booking.patient_name, booking.patient_age) == ("Anil Verma", 45)
        assert "Slot held" in held and booking.reference in held and payment.link_url in held
    scraped = requests.get(f"{shape.settings.public_base_url}/metrics", timeout=10).text
    delivered = sum(float(line.rsplit(" ", 1)[1]) for line in scraped.splitlines()
                    if line.startswith("medezy_webhook_requests_total{") and 'provider="twilio"' in line
                    and 'outcome="ok"' in line)
    assert delivered >= 10  # every turn, whichever gunicorn worker took it, summed in one scrape
