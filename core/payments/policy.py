"""The refund policy, in one place: who cancelled, how long before the slot, what comes back.

- The center, support, ops or the platform cancelled: everything the patient paid comes back.
- The patient cancelled: the platform fee is kept, and of the partner's share they get back
  100% at least 24 hours before the slot, 50% at least 4 hours before, nothing after that.
Refund amounts round down (core.payments.money, rule 5).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.models.users import Role
from core.payments.money import share_of

# (at least this many hours before the slot, percent of the partner's share refunded), first match wins
PATIENT_WINDOWS: tuple[tuple[int, int], ...] = ((24, 100), (4, 50), (0, 0))


@dataclass(frozen=True)
class RefundDecision:
    amount_paise: int
    percent: int
    fee_kept_paise: int
    reason: str


def decide(*, paid_paise: int, partner_share_paise: int, cancelled_by: Role, starts_at: datetime,
           cancelled_at: datetime) -> RefundDecision:
    """How much of a captured payment to refund when its booking is cancelled."""
    if cancelled_by is not Role.PATIENT:
        return RefundDecision(paid_paise, 100, 0, f"cancelled by {cancelled_by.value}: full refund")
    hours = (starts_at - cancelled_at).total_seconds() / 3600
    percent = next((pct for at_least, pct in PATIENT_WINDOWS if hours >= at_least), 0)
    base = max(0, min(paid_paise, partner_share_paise))  # the fee (even if paid by credit) is kept
    amount = share_of(base, percent)
    return RefundDecision(amount, percent, paid_paise - base,
                          f"cancelled by the patient {max(hours, 0):.0f}h before the slot: "
                          f"{percent}% of the scan price, platform fee kept")
