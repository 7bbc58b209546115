"""Checks for a center's profile fields: code, contact, place in India, working hours, machines."""
from __future__ import annotations

import re
from datetime import time

from core.errors import ValidationError
from core.models.centers import Tier
from core.models.services import Modality
from core.patients import normalise_phone

CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,19}$")
_PINCODE = re.compile(r"^[1-9]\d{5}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_GSTIN = re.compile(r"^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$")
_HHMM = re.compile(r"^\d{2}:\d{2}$")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
TEXT = {"name": 160, "area": 80, "address": 300}
INDIA_LAT, INDIA_LON = (6.0, 37.6), (68.0, 97.5)


def code(value: object) -> str:
    text = str(value or "").strip().upper()
    if not CODE.match(text):
        raise ValidationError("A center code is 2-20 capital letters, digits or '-', e.g. PUNE-LOTUS-1.")
    return text


def field(name: str, value: object) -> object:
    """The checked value of one profile field (ValidationError names the field and the rule)."""
    checker = _CHECKERS.get(name)
    if checker is None:
        raise ValidationError(f"{name} is not a center field that can be set here.")
    return checker(name, value)


def _text(name: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"The center's {name} is required.")
    if len(value.strip()) > TEXT[name]:
        raise ValidationError(f"The center's {name} is longer than {TEXT[name]} characters.")
    return value.strip()


def _pincode(_: str, value: object) -> str:
    if not isinstance(value, str) or not _PINCODE.match(value.strip()):
        raise ValidationError("A pincode is 6 digits, e.g. 411038.")
    return value.strip()


def _coordinate(name: str, value: object) -> float:
    low, high = INDIA_LAT if name == "latitude" else INDIA_LON
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise ValidationError(f"The {name} must be a place in India ({low} to {high}).")
    return float(value)


def _phone(_: str, value: object) -> str:
    """A mobile (as patients have) or a landline with its STD code: '020 1234 5678' -> '+912012345678'."""
    digits = re.sub(r"[^\d+]", "", str(value or ""))
    if re.fullmatch(r"0[1-9]\d{9}", digits):
        return "+91" + digits[1:]
    return normalise_phone(digits or str(value or ""))


def _email(_: str, value: object) -> str:
    if not isinstance(value, str) or not _EMAIL.match(value.strip()):
        raise ValidationError(f"{value!r} is not an email address.")
    return value.strip().lower()


def _gstin(_: str, value: object) -> str | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not _GSTIN.match(value.strip().upper()):
        raise ValidationError("A GSTIN is 15 characters, e.g. 27AAPFU0939F1ZV.")
    return value.strip().upper()


def _tier(_: str, value: object) -> Tier:
    try:
        return Tier(value)
    except ValueError:
        raise ValidationError("The tier is basic or pro.") from None


def _working_hours(_: str, value: object) -> dict:
    if not isinstance(value, dict) or set(value) - set(DAYS):
        raise ValidationError(f"Working hours are given per day ({', '.join(DAYS)}).")
    return {day: _day_hours(day, value.get(day)) for day in DAYS}


def _day_hours(day: str, hours: object) -> list[str] | None:
    if hours is None:
        return None  # closed
    if (not isinstance(hours, (list, tuple)) or len(hours) != 2
            or not all(isinstance(h, str) and _HHMM.match(h) for h in hours)):
        raise ValidationError(f"Hours for {day} must be [\"HH:MM\", \"HH:MM\"] or null for closed.")
    try:
        opens, closes = time.fromisoformat(hours[0]), time.fromisoformat(hours[1])
    except ValueError:
        raise ValidationError(f"Hours for {day} are not real times: {hours}.") from None
    if closes <= opens:
        raise ValidationError(f"On {day} the center closes ({hours[1]}) before it opens ({hours[0]}).")
    return list(hours)


def _machines(_: str, value: object) -> list[dict]:
    if not isinstance(value, list) or len(value) > 50:
        raise ValidationError("Machines are a list (at most 50) of {modality, name}.")
    return [_machine(m) for m in value]


def _machine(machine: object) -> dict:
    if not isinstance(machine, dict) or not isinstance(machine.get("name"), str) or not machine["name"].strip():
        raise ValidationError("Each machine needs a modality and a name, e.g. {\"modality\": \"MRI\", "
                              "\"name\": \"Siemens 1.5T\"}.")
    try:
        modality = Modality(machine.get("modality"))
    except ValueError:
        raise ValidationError(f"Machine modality must be one of {', '.join(m.value for m in Modality)}.") from None
    return {"modality": modality.value, "name": machine["name"].strip()[:80]}


_CHECKERS = {"name": _text, "area": _text, "address": _text, "pincode": _pincode, "latitude": _coordinate,
             "longitude": _coordinate, "phone": _phone, "email": _email, "gstin": _gstin, "tier": _tier,
             "working_hours": _working_hours, "machines": _machines}
PROFILE = tuple(_CHECKERS)
REQUIRED = ("name", "area", "address", "pincode", "latitude", "longitude", "phone", "email")
PARTNER_EDITABLE = ("phone", "email", "working_hours", "machines")  # a partner's own profile page
