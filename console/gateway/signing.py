"""Twilio webhook signatures (X-Twilio-Signature), checked against the URL Twilio called."""
from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Request
from twilio.request_validator import RequestValidator

from core.settings import Settings

log = logging.getLogger(__name__)
HEADER = "X-Twilio-Signature"


def auth_token(settings: Settings) -> str:
    """The secret webhooks are signed with; the sandbox derives a stable one when none is configured."""
    if settings.twilio_auth_token:
        return settings.twilio_auth_token
    if settings.messaging_provider == "sandbox":
        key = settings.secret_key.encode()
        return hmac.new(key, b"sandbox-twilio-auth-token", hashlib.sha256).hexdigest()
    return ""


def public_url(settings: Settings, request: Request) -> str:
    """The URL Twilio signed: our public address, not the one a proxy forwarded to us."""
    query = request.query_string.decode()
    return settings.public_base_url.rstrip("/") + request.path + (f"?{query}" if query else "")


def verified(settings: Settings, request: Request) -> bool:
    """Whether the request carries a valid Twilio signature."""
    token, signature = auth_token(settings), request.headers.get(HEADER, "")
    if not token:
        log.error("twilio webhook refused: no twilio auth token configured")
        return False
    return bool(signature) and RequestValidator(token).validate(public_url(settings, request), request.form,
                                                                signature)


def sign(settings: Settings, url: str, params: dict[str, str]) -> str:
    """The signature Twilio would send for these form fields posted to `url` (sandbox and tests)."""
    return RequestValidator(auth_token(settings)).compute_signature(url, params)
