"""Start the trained rasa server and our action server as subprocesses and wait until both answer.

Used by the end-to-end test and bench/gateway.py. Rasa loads its model after it starts listening,
so readiness is rasa's /status (behind the auth token) naming a loaded model, not an open port.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from core.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
MODEL = BOT / "models" / "medezy.tar.gz"
RASA = ROOT / ".venv-rasa" / "bin" / "rasa"
TRAIN_HINT = "cd bot && ../.venv-rasa/bin/rasa train --domain domain --fixed-model-name medezy --out models"
ACTIONS_READY_SECONDS = 60
RASA_READY_SECONDS = 240  # 20-90 s on two busy cores


@dataclass(frozen=True)
class BotServers:
    rasa_url: str
    token: str
    action_url: str


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def settings_env(settings: Settings) -> dict[str, str]:
    """MEDEZY_* for every setting, so the action server works on the same database and adapters."""
    return {f"MEDEZY_{f.name.upper()}": str(getattr(settings, f.name)) for f in dataclasses.fields(settings)}


def require_model() -> None:
    if not RASA.exists():
        raise RuntimeError(f"rasa is not installed at {RASA}: run `make install`")
    if not MODEL.exists():
        raise RuntimeError(f"no trained model at {MODEL}: run `make model` or `{TRAIN_HINT}`")


@contextmanager
def running(settings: Settings) -> Iterator[BotServers]:
    """An action server on `settings` and a rasa server using it; both stopped on exit."""
    require_model()
    token, action_port, rasa_port = secrets.token_hex(16), free_port(), free_port()
    action_url = f"http://127.0.0.1:{action_port}/webhook"
    env = {**os.environ, **settings_env(settings), "RASA_TELEMETRY_ENABLED": "false",
           "ACTION_SERVER_URL": action_url}
    with ExitStack() as stack:
        logs = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="medezy-bot-")))
        actions = stack.enter_context(_process(
            [sys.executable, "-m", "wiring.action_server", "--port", str(action_port)],
            ROOT, env, logs / "actions.log"))
        _wait(actions, logs / "actions.log", ACTIONS_READY_SECONDS,
              lambda: requests.get(f"http://127.0.0.1:{action_port}/health", timeout=2).ok)
        rasa = stack.enter_context(_process(
            [str(RASA), "run", "--enable-api", "--auth-token", token, "--model", str(MODEL), "--port", str(rasa_port),
             "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"], BOT, env, logs / "rasa.log"))
        rasa_url = f"http://127.0.0.1:{rasa_port}"
        _wait(rasa, logs / "rasa.log", RASA_READY_SECONDS, lambda: _model_loaded(rasa_url, token))
        yield BotServers(rasa_url, token, action_url)


@contextmanager
def _process(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _model_loaded(rasa_url: str, token: str) -> bool:
    response = requests.get(f"{rasa_url}/status", params={"token": token}, timeout=2)
    return response.ok and bool(response.json().get("model_file"))


def _wait(process: subprocess.Popen, log: Path, seconds: float, ready) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{_tail(log)}")
        try:
            if ready():
                return
        except requests.RequestException:
            pass  # not listening yet
        time.sleep(0.5)
    raise RuntimeError(f"{' '.join(map(str, process.args[:4]))} not ready after {seconds:.0f}s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 40) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else "(no log)"
