"""Signed, expiring download links for invoices, so a patient can open theirs from WhatsApp."""
from __future__ import annotations

import hashlib
import hmac
import time

from core.storage import check_expiry


def signature(invoice_id: int, expires: int, secret: str) -> str:
    return hmac.new(secret.encode(), f"invoice\n{invoice_id}\n{expires}".encode(), hashlib.sha256).hexdigest()


def url(invoice_id: int, *, base_url: str, secret: str, expires_in: int = 7 * 24 * 3600,
        now: float | None = None) -> str:
    """A link to /invoices/<id>.pdf that works until it expires (at most 7 days)."""
    expires = int(now or time.time()) + check_expiry(expires_in)
    return f"{base_url.rstrip('/')}/invoices/{invoice_id}.pdf?expires={expires}&sig={signature(invoice_id, expires, secret)}"


def verify(invoice_id: int, expires: int, sig: str, secret: str, *, now: float | None = None) -> bool:
    fresh = (now or time.time()) <= expires
    return fresh and hmac.compare_digest(signature(invoice_id, expires, secret), sig or "")
