"""Platform fee by center tier, and the partner's share of a booking's price."""
from __future__ import annotations

from dataclasses import dataclass

from core.catalogue import rupees
from core.models.bookings import Booking
from core.models.centers import Tier
from core.payments.config import FinanceConfig
from core.payments.money import percent_of


@dataclass(frozen=True)
class PriceSplit:
    price_paise: int
    fee_paise: int  # ours, GST-inclusive
    partner_share_paise: int  # the center's, for the (GST-exempt) scan

    def __post_init__(self) -> None:
        assert self.fee_paise + self.partner_share_paise == self.price_paise


def split(price_paise: int, tier: Tier, config: FinanceConfig) -> PriceSplit:
    """Fee = flat + percentage of the price (half up), never more than the price itself."""
    rule = config.fee_rules[tier]
    fee = min(price_paise, rule.flat_paise + percent_of(price_paise, rule.bps))
    return PriceSplit(price_paise, fee, price_paise - fee)


def for_booking(booking: Booking, config: FinanceConfig) -> PriceSplit:
    return split(booking.price_paise, booking.center.tier, config)


def terms(tier: Tier, config: FinanceConfig) -> str:
    """The tier's fee rule as the onboarding screen states it: '15% per booking', '8% + ₹50 per booking'."""
    rule = config.fee_rules[tier]
    parts = [f"{rule.bps / 100:g}%"] if rule.bps else []
    parts += [rupees(rule.flat_paise)] if rule.flat_paise else []
    return " + ".join(parts) + " per booking" if parts else "no fee"
