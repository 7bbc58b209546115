"""Razorpay's webhook signature: hex HMAC-SHA256 of the raw body with the webhook secret."""
from __future__ import annotations

import hashlib
import hmac


def sign(body: bytes, secret: str) -> str:
    return hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(body: bytes, signature: str, secret: str) -> bool:
    """Constant-time check; an empty secret never verifies anything."""
    return bool(secret) and hmac.compare_digest(sign(body, secret), signature or "")
