"""Tokenised contact details for partner staff: enough to recognise, not enough to contact."""
from __future__ import annotations

import hashlib
import hmac


def mask_phone(phone: str | None) -> str:
    """'+919876543210' -> '+91••••••3210'."""
    if not phone:
        return ""
    return phone[:3] + "•" * max(len(phone) - 7, 0) + phone[-4:]


def mask_email(email: str | None) -> str:
    """'priya.patel@example.in' -> 'p•••@example.in'."""
    if not email or "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}•••@{domain}"


def contact_token(value: str, secret: str) -> str:
    """A stable opaque token for a phone or email, so partners can tell two patients apart."""
    return "tok_" + hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()[:12]
