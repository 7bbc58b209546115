"""Tokenised contact details for partner staff: enough to recognise, not enough to contact."""
from __future__ import annotations


def mask_phone(phone: str | None) -> str:
    """'+919876543210' -> '+91••••••3210'."""
    if not phone:
        return ""
    return phone[:3] + "•" * max(len(phone) - 7, 0) + phone[-4:]
