"""Money arithmetic in integer paise, and the rounding rules every finance module follows.

Rounding rules (tested in tests/payments/test_money.py):
1. Every amount is an int of paise. No floats anywhere, not even in between.
2. A percentage of an amount (`percent_of`, in basis points) rounds half up to the paisa.
3. The platform fee is GST-inclusive. Its taxable value is fee * 100 / 118 rounded half up; the tax is
   the rest (fee - taxable), so taxable + tax always equals the fee exactly.
4. Intra-state tax splits into SGST = tax // 2 and CGST = tax - SGST (an odd paisa goes to CGST);
   inter-state tax is all IGST. The parts always add up to the tax.
5. A policy refund rounds down (`share_of` with floor): we never refund more than the policy says,
   and never more than what was paid.
"""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import ValidationError

GST_RATE_BPS = 1800  # 18% on the platform fee


def decimal_rupees(paise: int) -> str:
    """'1234.50': rupees with two decimals and no symbol, for CSV files and filings."""
    return f"{paise // 100}.{paise % 100:02d}"


def check_paise(value: object, *, what: str = "amount", allow_zero: bool = False) -> int:
    """An int number of paise, or a ValidationError that says what is wrong."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"The {what} must be a whole number of paise.")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValidationError(f"The {what} must be more than zero.")
    return value


def percent_of(amount_paise: int, bps: int) -> int:
    """bps/10000 of an amount, rounded half up."""
    return (amount_paise * bps + 5000) // 10000


def share_of(amount_paise: int, percent: int) -> int:
    """percent/100 of an amount, rounded down (refunds)."""
    return amount_paise * percent // 100


@dataclass(frozen=True)
class TaxSplit:
    taxable: int
    cgst: int = 0
    sgst: int = 0
    igst: int = 0

    @property
    def tax(self) -> int:
        return self.cgst + self.sgst + self.igst

    @property
    def total(self) -> int:
        return self.taxable + self.tax


def split_inclusive(amount_paise: int, *, intra_state: bool) -> TaxSplit:
    """Split a GST-inclusive amount into taxable value and CGST+SGST or IGST."""
    taxable = (amount_paise * 10000 * 2 + (10000 + GST_RATE_BPS)) // (2 * (10000 + GST_RATE_BPS))
    tax = amount_paise - taxable
    if not intra_state:
        return TaxSplit(taxable=taxable, igst=tax)
    sgst = tax // 2
    return TaxSplit(taxable=taxable, cgst=tax - sgst, sgst=sgst)
