"""A tier's fee rule, stated in words for the onboarding and tier screens."""
import pytest

from core.models import Tier
from core.payments.config import FeeRule, FinanceConfig
from core.payments.fees import terms


@pytest.mark.parametrize("rule, text", [(FeeRule(bps=1500), "15% per booking"),
                                        (FeeRule(bps=850, flat_paise=5000), "8.5% + ₹50 per booking"),
                                        (FeeRule(), "no fee")])
def test_a_tiers_fee_rule_is_stated_in_words(rule, text):
    assert terms(Tier.BASIC, FinanceConfig(fee_rules={Tier.BASIC: rule})) == text
