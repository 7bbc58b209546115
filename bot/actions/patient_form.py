"""Who the scan is for: the patient themself (details we already know are not asked again) or family."""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.actions import running_container
from bot.actions.nudges import refuse
from bot.actions.runtime import identify
from bot.actions.timeparse import parse_menu_choice
from core.models.bookings import Booking
from core.models.users import User

Slots = dict[str, Any]
PATIENT_SLOTS = ("patient_name", "patient_age", "patient_sex")
SELF_WORDS = {"self", "me", "myself", "mine", "i", "khud", "main", "mai", "mera", "meri", "mere", "apne", "apna",
              "mujhe", "mujh", "for me", "my self", "mere liye", "apne liye", "khud ke liye"}
SEX_WORDS = {"male": {"male", "m", "man", "boy", "purush", "ladka", "aadmi", "mard", "gents", "1"},
             "female": {"female", "f", "woman", "girl", "mahila", "ladki", "aurat", "stree", "lady", "ladies", "2"},
             "other": {"other", "others", "o", "3", "transgender", "non-binary", "nonbinary"}}
PLACEHOLDER_NAME = "Patient"  # core.patients names a new WhatsApp user this when no profile name came
_RELATIVES = (r"mother|mom|mommy|mummy|mumma|maa|mata|mataji|father|dad|daddy|papa|pita|pitaji|wife|husband|"
              r"patni|pati|son|beta|bete|daughter|beti|brother|bhai|sister|behen|bahan|grandmother|grandma|"
              r"grandfather|grandpa|dadi|dada|nani|nana|uncle|aunt|aunty|chacha|chachi|mausi|mama|mami|sasur|"
              r"saas|father in law|mother in law|baby|child|kid|bachche|bachcha")
FAMILY = re.compile(rf"\b(?:for my|my|meri|mere|mera|apni|apne|hamari|hamare)\s+(?:{_RELATIVES})\b"
                    rf"|\b(?:{_RELATIVES})\s+(?:ke liye|ke lie|ka|ki|ke)\b")
# Words that answer another question of the form, never a name ("female", "self", "mother").
NOT_NAMES = {w for words in SEX_WORDS.values() for w in words} | SELF_WORDS | {
    "family", "patient", "name", "naam", "yes", "no", "haan", "nahi", "ok", "okay", "skip", "same", "mother",
    "father", "wife", "husband", "son", "daughter", "mummy", "papa", "beta", "beti", "menu", "agent", "cancel"}


class ValidatePatientForm(FormValidationAction):
    def name(self) -> str:
        return "validate_patient_form"

    def validate_who_for(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> Slots:
        if value is None:  # emptied by an action, not typed
            return {"who_for": None}
        who = read_who_for(str(value or ""))
        if who is None:
            refuse(dispatcher, tracker, "invalid_who_for")
            return {"who_for": None}
        just_given = set(tracker.slots_to_validate())
        if who == "family":  # details from an earlier booking belong to someone else
            return {"who_for": "family", "known_patient": False,
                    **{s: None for s in PATIENT_SLOTS if s not in just_given}}
        c = running_container()
        with c.uow() as uow:
            user = identify(c, uow.session, tracker)
            known = known_details(uow.session, user) if user else {}
            uow.commit()
        return {"who_for": "self", "known_patient": len(known) == len(PATIENT_SLOTS),
                **{s: None for s in PATIENT_SLOTS if s not in just_given}, **known}

    def validate_patient_name(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                              domain: dict) -> Slots:
        if value is None:
            return {"patient_name": None}
        name = read_name(_whole_name(str(value), tracker))
        if name is None:
            refuse(dispatcher, tracker, "invalid_name")
        return {"patient_name": name}

    def validate_patient_age(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict) -> Slots:
        if value is None:
            return {"patient_age": None}
        age = read_age(str(value))
        if age is None:
            refuse(dispatcher, tracker, "utter_invalid_age")
        return {"patient_age": None if age is None else str(age)}

    def validate_patient_sex(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict) -> Slots:
        if value is None:
            return {"patient_sex": None}
        sex = read_sex(str(value))
        if sex is None:
            refuse(dispatcher, tracker, "utter_invalid_sex")
        return {"patient_sex": sex}


def _whole_name(value: str, tracker: Tracker) -> str:
    """The whole reply when the name was asked and the NLU tagged only part of it ("Devi Rao" of
    "Kamla Devi Rao"), so a name of any length is kept whole."""
    text = " ".join(((tracker.latest_message or {}).get("text") or "").split())
    asked = tracker.get_slot("requested_slot") == "patient_name"
    if asked and value.lower() in text.lower() and len(text) > len(value) and read_name(text):
        return text
    return value


def read_who_for(text: str) -> str | None:
    """'self' or 'family' from '1', '2', 'for me', 'meri maa ke liye'; None when unclear."""
    plain = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    if plain in ("self", "family"):
        return plain
    choice = parse_menu_choice(plain, 2)
    if choice is not None:
        return "self" if choice == 1 else "family"
    if plain in SELF_WORDS or plain.removesuffix(" ke liye") in SELF_WORDS:
        return "self"
    return "family" if plain and not plain.isdigit() else None


def read_name(text: str) -> str | None:
    """A cleaned full name of any length ("Kamla Devi Rao"), or None for digits, one letter, an
    overlong reply or a word that answers another question ("female", "self")."""
    name = " ".join(text.split())
    if not 2 <= len(name) <= 120 or re.search(r"[\d@#*/\\]", name) or name.lower() in NOT_NAMES:
        return None
    return name.title() if name == name.lower() else name


def family_named(text: str) -> bool:
    """Whether the words say the scan is for a relative: 'for my mother', 'mummy ke liye', 'papa ka MRI'."""
    return bool(FAMILY.search(" ".join(re.sub(r"[^\w\s]", " ", (text or "").lower()).split())))


def read_age(text: str) -> int | None:
    """Years from '62', '62 years', '62 saal'; babies ('8 months') are 0."""
    match = re.fullmatch(r"\s*(\d{1,3})\s*(years?|yrs?|y|saal|sal|varsh|months?|mahine|mahina)?\s*(old)?\s*",
                         text.lower())
    if not match:
        return None
    number, unit = int(match.group(1)), match.group(2) or ""
    years = 0 if unit.startswith(("month", "mahin")) else number
    return years if 0 <= years <= 120 else None


def read_sex(text: str) -> str | None:
    plain = text.strip().lower()
    return next((sex for sex, words in SEX_WORDS.items() if plain in words), None)


def known_details(session: Session, user: User) -> Slots:
    """What we already know about the patient themself: their last self booking, else their profile."""
    last = session.scalar(select(Booking).where(Booking.user_id == user.id,
                                                func.lower(Booking.patient_name) == user.name.lower())
                          .order_by(Booking.created_at.desc()).limit(1))
    if last is not None and last.patient_age is not None and last.patient_sex is not None:
        return {"patient_name": last.patient_name, "patient_age": str(last.patient_age),
                "patient_sex": last.patient_sex.value}
    found: Slots = {}
    # A WhatsApp display name counts only when it looks like a full name ("Anil Verma", not "Anil ✨").
    if user.name != PLACEHOLDER_NAME and read_name(user.name) and len(user.name.split()) >= 2:
        found["patient_name"] = user.name
    profile = user.profile
    if profile is not None and profile.date_of_birth is not None:
        found["patient_age"] = str(_years_since(profile.date_of_birth))
    if profile is not None and profile.sex is not None:
        found["patient_sex"] = profile.sex.value
    return found


def _years_since(born: date) -> int:
    today = date.today()
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))
