"""Rounding rules of core.payments.money, each one pinned down."""
import pytest

from core.errors import ValidationError
from core.payments.money import check_paise, percent_of, share_of, split_inclusive


@pytest.mark.parametrize("amount,bps,expected", [(10000, 1500, 1500), (333, 1500, 50), (3, 5000, 2), (1, 4999, 0)])
def test_percent_of_rounds_half_up(amount, bps, expected):
    assert percent_of(amount, bps) == expected


def test_share_of_rounds_down():
    assert share_of(999, 50) == 499


@pytest.mark.parametrize("fee", [1, 2, 117, 118, 11800, 75000, 82501, 99999])
def test_inclusive_split_always_adds_up(fee):
    intra, inter = split_inclusive(fee, intra_state=True), split_inclusive(fee, intra_state=False)
    assert intra.total == inter.total == fee
    assert intra.igst == 0 and inter.cgst == inter.sgst == 0
    assert intra.taxable == inter.taxable == (fee * 10000 * 2 + 11800) // 23600


def test_fee_of_1180_rupees_is_1000_plus_18_percent():
    split = split_inclusive(118000, intra_state=True)
    assert (split.taxable, split.cgst, split.sgst) == (100000, 9000, 9000)


def test_an_odd_paisa_of_tax_goes_to_cgst():
    split = split_inclusive(11791, intra_state=True)
    assert split.tax % 2 == 1 and split.cgst == split.sgst + 1


@pytest.mark.parametrize("bad", [-1, 0, 1.5, "100", True, None])
def test_amounts_must_be_positive_whole_paise(bad):
    with pytest.raises(ValidationError):
        check_paise(bad)
