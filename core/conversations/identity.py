"""The gateway vouches for who is writing; the action server trusts nothing else.

Rasa forwards the REST message's `metadata` to the action server in the tracker's latest message, and
the action server acts for whatever phone or user id that tracker names. Anyone who can reach the
action server can send it any tracker, so the gateway signs the metadata it sends (HMAC-SHA256 over
the rasa sender id and the whole metadata, with the time) and actions verify it on every turn: a
missing, forged, altered, replayed-under-another-sender or stale signature is refused.
"""
from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime, timedelta

SIGNATURE, SIGNED_AT = "signature", "signed_at"
MAX_AGE = timedelta(minutes=10)  # a turn reaches the actions within seconds; the rest is clock skew
_PURPOSE = b"medezy: identities the gateway sends to rasa"


def signing_key(secret_key: str) -> bytes:
    """A key for this purpose only, derived from the app's secret key (which both processes share)."""
    if not secret_key:
        raise ValueError("no secret key to sign identities with")
    return hmac.new(secret_key.encode(), _PURPOSE, hashlib.sha256).digest()


def sign(key: bytes, *, sender: str, metadata: dict, now: datetime) -> dict:
    """The metadata with the time and the signature added."""
    stamped = {**metadata, SIGNED_AT: int(now.timestamp())}
    return {**stamped, SIGNATURE: _mac(key, sender, stamped)}


def verified(key: bytes, *, sender: str, metadata: object, now: datetime) -> dict | None:
    """The metadata if the gateway signed it for this sender recently, else None."""
    if not isinstance(metadata, dict) or not isinstance(metadata.get(SIGNATURE), str):
        return None
    stamped = {k: v for k, v in metadata.items() if k != SIGNATURE}
    if not hmac.compare_digest(metadata[SIGNATURE], _mac(key, sender, stamped)):
        return None
    signed_at = stamped.get(SIGNED_AT)
    if not isinstance(signed_at, int) or abs(now.timestamp() - signed_at) > MAX_AGE.total_seconds():
        return None
    return stamped


def _mac(key: bytes, sender: str, stamped: dict) -> str:
    # Canonical JSON (sorted keys, no spaces) so the bytes signed are the bytes checked after rasa's
    # JSON round trip; the sender binds the identity to one rasa conversation.
    payload = json.dumps([sender, stamped], sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, payload.encode(), hashlib.sha256).hexdigest()
