"""Finance settings the payment services need, read once from core.settings.Settings."""
from __future__ import annotations

from dataclasses import dataclass, field

from core.models.centers import Tier
from core.settings import DEMO_GSTIN, Settings


@dataclass(frozen=True)
class FeeRule:
    """Platform fee for a tier: a percentage (basis points) plus a flat amount."""

    bps: int = 0
    flat_paise: int = 0


def _default_fees() -> dict[Tier, FeeRule]:
    return {Tier.BASIC: FeeRule(bps=1500), Tier.PRO: FeeRule(bps=800)}


@dataclass(frozen=True)
class FinanceConfig:
    approval_threshold_paise: int = 500000
    credit_limit_paise: int = 100000
    fee_rules: dict[Tier, FeeRule] = field(default_factory=_default_fees)
    legal_name: str = "MedEzy Health Private Limited"
    gstin: str = DEMO_GSTIN
    state_code: str = "27"

    @classmethod
    def from_settings(cls, s: Settings) -> "FinanceConfig":
        return cls(
            approval_threshold_paise=s.refund_approval_threshold_paise,
            credit_limit_paise=s.goodwill_credit_limit_paise,
            fee_rules={Tier.BASIC: FeeRule(s.platform_fee_basic_bps, s.platform_fee_basic_flat_paise),
                       Tier.PRO: FeeRule(s.platform_fee_pro_bps, s.platform_fee_pro_flat_paise)},
            legal_name=s.legal_name, gstin=s.gstin, state_code=s.gst_state_code,
        )
