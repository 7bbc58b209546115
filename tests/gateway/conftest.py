"""Gateway fixtures: a console on the test database, a fake rasa and a fake media host, over real HTTP."""
from __future__ import annotations

import random
import time
import uuid

import pytest

import bot.actions
from console.app import create_app
from console.gateway import signing
from console.gateway.webhooks import INBOUND_PATH
from core.settings import Settings
from tests.fake_http import FakeServer, Reply
from wiring.container import build as build_container

PUBLIC = "https://medezy.example"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.7\n" + b"0" * 64


class FakeRasa:
    """Mimics rasa's REST channel: a list of bot messages per turn; echoes unless told otherwise."""

    def __init__(self) -> None:
        self.turns: list[dict] = []
        self.triggered: list[dict] = []
        self.delay = 0.0
        self.answer = lambda turn: [{"recipient_id": turn["sender"], "text": f"echo: {turn['message']}"}]

    def __call__(self, seen) -> Reply:
        if seen.path.endswith("/trigger_intent"):
            self.triggered.append({"path": seen.path, **seen.json(), "token": seen.query.get("token", [None])[0]})
            return Reply(200, {"tracker": {}, "messages": [{"text": "How likely are you to recommend MedEzy? 0-10"}]})
        if seen.path != "/webhooks/rest/webhook":
            return Reply(404)
        turn = {**seen.json(), "token": seen.query.get("token", [None])[0]}
        self.turns.append(turn)
        time.sleep(self.delay)
        return Reply(200, self.answer(turn))

    @property
    def messages(self) -> list[str]:
        return [t["message"] for t in self.turns]


@pytest.fixture
def rasa():
    fake = FakeRasa()
    with FakeServer(fake) as server:
        fake.url = server.url
        yield fake


@pytest.fixture
def media_host():
    """Serves `files[path] = (bytes, content type)` like Twilio's media URLs (without auth)."""
    files: dict[str, tuple[bytes, str]] = {}

    def respond(seen):
        if seen.path not in files:
            return Reply(404)
        data, content_type = files[seen.path]
        return Reply(200, data, {"Content-Type": content_type})

    with FakeServer(respond) as server:
        server.files = files
        yield server


def gateway_settings(pg_url: str, tmp_path, **overrides) -> Settings:
    values = dict(database_url=pg_url, storage_dir=str(tmp_path / "files"), secret_key="test-secret",
                  public_base_url=PUBLIC, twilio_auth_token="test-twilio-token", messaging_provider="sandbox",
                  rasa_token="rasa-secret", quiet_hours="")  # quiet hours have their own tests
    return Settings(**{**values, **overrides})


@pytest.fixture
def build_gateway(pg_url, tmp_path, rasa):
    """Builds and installs a process container with real commits; settings overridable per test."""
    built_ones = []

    def build(**overrides):
        built = build_container(gateway_settings(pg_url, tmp_path, **{"rasa_url": rasa.url, **overrides}))
        bot.actions.start(built)
        built_ones.append(built)
        return built

    yield build
    for built in built_ones:
        built.jobs.drain()
        built.engine.dispose()
    bot.actions.start(None)


@pytest.fixture
def gateway(build_gateway):
    """The container the gateway tests use; jobs run on a background thread (drain() waits)."""
    return build_gateway()


@pytest.fixture
def client(gateway):
    return create_app(gateway).test_client()


def new_phone() -> str:
    return "+9197" + f"{random.randrange(10**8):08d}"


def twilio_form(phone: str, body: str = "", *, sid: str | None = None, media=(), name: str = "Asha") -> dict:
    form = {"From": f"whatsapp:{phone}", "To": "whatsapp:+14155238886", "Body": body,
            "MessageSid": sid or "SM" + uuid.uuid4().hex, "NumMedia": str(len(media)), "ProfileName": name,
            "WaId": phone.lstrip("+")}
    for i, (url, content_type) in enumerate(media):
        form[f"MediaUrl{i}"], form[f"MediaContentType{i}"] = url, content_type
    return form


def post_signed(client, settings: Settings, form: dict, path: str = INBOUND_PATH, signature: str | None = None):
    """POST like Twilio: form-encoded, signed over our public URL (the test client calls localhost)."""
    signature = signature if signature is not None else signing.sign(settings, PUBLIC + path, form)
    return client.post(path, data=form, headers={signing.HEADER: signature})
