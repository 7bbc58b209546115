"""The one place that decides the secret key (sessions, signed file links, derived sandbox secrets).

Configured: MEDEZY_SECRET_KEY. Production refuses to start without it (wiring.production). The
embedded default stays zero-configuration: a random key is generated once into var/secret_key and
reused, so sign-ins and file links survive a restart and every local process agrees on the key.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
from pathlib import Path

from core.settings import PROJECT_ROOT, Settings

KEY_FILE = PROJECT_ROOT / "var" / "secret_key"


def completed(settings: Settings, key_file: Path = KEY_FILE) -> Settings:
    """The settings with a secret key: the configured one, else this machine's generated one."""
    if settings.secret_key:
        return settings
    return dataclasses.replace(settings, secret_key=generated_once(key_file))


def generated_once(key_file: Path) -> str:
    """Read the key file, creating it (owner-only) on first use; two processes racing agree on one key."""
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        pass
    key_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race; its key is the one
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as out:
        out.write(secrets.token_urlsafe(48))
    return key_file.read_text().strip()
