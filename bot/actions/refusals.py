"""What the patient reads when core refuses: the refusals a booking conversation can meet, in their language.

Core errors carry an English message for everyone and, for the rules a patient can hit while booking, a
`code` (core.errors.DomainError). A code listed here is worded from the catalogue (bot/texts/booking.yml,
`refusal_<code>`); anything else keeps core's English text, which is written for users.
"""
from __future__ import annotations

from bot import texts
from core.errors import DomainError

PATIENT_CODES = frozenset({
    "slot_taken", "slot_not_offered", "center_closed", "slot_past", "hold_expired",
    "payment_refused", "payment_unavailable",
})


def message_for(error: DomainError, language: str | None) -> str:
    """The refusal in the patient's language when we have words for it, else core's own message."""
    code = getattr(error, "code", None)
    return texts.text(f"refusal_{code}", language) if code in PATIENT_CODES else str(error)
