"""`medezy demo`: the embedded default in one terminal.

Migrates and seeds a SQLite database, then runs the console, the action server and the rasa server
(when a trained model exists) in the foreground, plus a sweep every minute. Ctrl-C stops everything.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
import signal
import subprocess
import sys
import threading
import time

import click

from core.settings import PROJECT_ROOT, Settings
from core.seed_data import STAFF, demo_phone
from wiring import tasks
from wiring.container import Container, build

RASA = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
MODEL = PROJECT_ROOT / "bot" / "models" / "medezy.tar.gz"


def run(settings: Settings) -> None:
    container = _build_with_demo_secrets(settings)
    from core.migrate import upgrade
    from core.seed import seed
    upgrade(container.settings.database_url)
    with container.uow() as uow:
        seed(uow.session)
        uow.commit()
    children = _start_bot_processes(container)
    _start_sweeper(container)
    _print_banner(container, bot=bool(children))
    try:
        from console.app import create_app
        create_app(container).run(host="127.0.0.1", port=5000, threaded=True, use_reloader=False)
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)


def _build_with_demo_secrets(s: Settings) -> Container:
    """The container, with a rasa token for this run (the secret key comes from wiring.secret_key)."""
    return build(dataclasses.replace(s, rasa_token=s.rasa_token or secrets.token_hex(16)))


def _start_bot_processes(container: Container) -> list[subprocess.Popen]:
    if not (RASA.exists() and MODEL.exists()):
        click.echo("rasa model not found: run `make demo` (it trains the bot) for the WhatsApp assistant")
        return []
    env = {**os.environ, **_settings_env(container), "RASA_TELEMETRY_ENABLED": "false",
           "ACTION_SERVER_URL": container.settings.action_server_url}  # bot/endpoints.yml reads it
    # rasa_sdk reads optional tracing settings from an endpoints file; point it at the bot's own.
    # Loopback only, and the actions trust only identities the gateway signed (core.conversations.identity).
    actions = subprocess.Popen([sys.executable, "-m", "wiring.action_server", "--host", "127.0.0.1", "--port", "5055",
                                "--endpoints", "bot/endpoints.yml"], cwd=PROJECT_ROOT, env=env)
    rasa = subprocess.Popen([str(RASA), "run", "--enable-api", "--auth-token", container.settings.rasa_token,
                             # Loopback only: rasa's REST channel itself does not check the token.
                             "--interface", "127.0.0.1", "--model", str(MODEL), "--port", "5005",
                             "--endpoints", "endpoints.yml",
                             "--credentials", "credentials.yml"], cwd=PROJECT_ROOT / "bot", env=env)
    return [actions, rasa]


def _settings_env(container: Container) -> dict[str, str]:
    return {f"MEDEZY_{f.name.upper()}": str(getattr(container.settings, f.name))
            for f in dataclasses.fields(container.settings)}


def _start_sweeper(container: Container) -> None:
    def loop() -> None:
        while True:
            time.sleep(60)
            try:
                tasks.sweep(container)
            except Exception as error:  # noqa: BLE001 - the demo keeps running; the log says why
                click.echo(f"sweep failed: {error}", err=True)
    threading.Thread(target=loop, name="medezy-sweeper", daemon=True).start()


def _print_banner(container: Container, *, bot: bool) -> None:
    base = container.settings.public_base_url
    lines = [
        "", "MedEzy demo is starting (embedded: SQLite, no Redis, local files, sandbox providers)",
        f"  sign in          {base}/login   (each role lands on its panel)",
        f"  panels           {base}/admin/  {base}/partner/  {base}/support/  {base}/me/",
        f"  support inbox    {base}/support/conversations",
        f"  patient chat     {base}/sandbox/chat" + ("" if bot else "  (bot not trained)"),
        f"  chat API         POST {base}/sandbox/chat/api  {{\"phone\": \"+919800000001\", \"text\": \"hi\"}}",
        "  rasa server      http://127.0.0.1:5005 (token required)" if bot else "",
        f"  database         {container.settings.database_url}",
        f"  sign in          {base}/login with a phone below; the code appears in the sandbox chat",
        "  demo logins:",
        *[f"    {role:<14} {demo_phone(i)}  ({email})" for i, (_, email, role) in enumerate(STAFF)],
        f"    partner_staff  {demo_phone(11)}  (and {demo_phone(12)}, {demo_phone(13)})",
        "    patient        +919800000001 (seeded, with bookings), or any other mobile number to sign up", "",
    ]
    click.echo("\n".join(line for line in lines if line is not None))
