"""Phone numbers as people type them (libphonenumber rules, India by default)."""
import pytest

from core.auth.phones import normalise
from core.errors import ValidationError


@pytest.mark.parametrize("typed", ["9876543210", "98765 43210", "098765-43210", "+91 98765 43210",
                                   "919876543210", "0091 98765 43210", "(+91) 98765.43210"])
def test_every_common_indian_format_is_one_number(typed):
    assert normalise(typed) == "+919876543210"


@pytest.mark.parametrize("typed", ["", "12345", "5555555555", "+91 22 1234 5678", "call me", "9" * 40])
def test_what_cannot_get_a_whatsapp_code_is_refused_clearly(typed):
    with pytest.raises(ValidationError):
        normalise(typed)


def test_a_foreign_mobile_keeps_its_country():
    assert normalise("+44 7911 123456") == "+447911123456"
