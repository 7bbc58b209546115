"""Human-friendly booking references: 'MZ' + 8 characters without look-alikes (0/O, 1/I/L)."""
from __future__ import annotations

import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    # 31^8 ≈ 8.5e11 values; the unique constraint on bookings.reference is the real guarantee.
    return "MZ" + "".join(secrets.choice(ALPHABET) for _ in range(8))
