"""Checking that a callback really comes from the provider, each the way the provider allows."""
from __future__ import annotations

import hashlib
import hmac

from flask import Request


def interakt(request: Request, secret: str) -> bool:
    """`Interakt-Signature: sha256=<hex HMAC-SHA256 of the raw body>` keyed with the webhook secret."""
    if not secret:
        return False
    expected = "sha256=" + hmac.new(secret.encode(), request.get_data(), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, request.headers.get("Interakt-Signature", ""))


def url_token(given: str, token: str) -> bool:
    """Gupshup signs nothing: the callback URL we register carries a secret token instead."""
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def basic_auth(request: Request, token: str) -> bool:
    """Postmark signs nothing: its webhook URL carries basic-auth credentials (user `postmark`)."""
    auth = request.authorization
    return bool(token) and auth is not None and auth.username == "postmark" and \
        hmac.compare_digest((auth.password or "").encode(), token.encode())
