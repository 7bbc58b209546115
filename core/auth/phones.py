"""Phone numbers as people type them, turned into E.164 with Google's libphonenumber rules."""
from __future__ import annotations

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

from core.errors import ValidationError

DEFAULT_REGION = "IN"  # '98765 43210', '098765 43210', '91 98765 43210' are Indian numbers
_WHATSAPP_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def normalise(raw: str) -> str:
    """'+91 98765-43210', '098765 43210', '0091 9876543210' -> '+919876543210'; anything that is not
    a mobile number (a code can only reach a mobile on WhatsApp) is a ValidationError."""
    text = (raw or "").strip()
    if not text or len(text) > 32:
        raise ValidationError("Enter your mobile number, for example 98765 43210.")
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except NumberParseException:
        raise ValidationError(f"{text!r} is not a phone number.") from None
    if not phonenumbers.is_valid_number(number) or phonenumbers.number_type(number) not in _WHATSAPP_TYPES:
        raise ValidationError(f"{text!r} is not a mobile number we can send a code to.")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
