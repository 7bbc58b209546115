"""Patients' words to catalogue rows: "mri", "MRI knee", "ct scan chest", "bangalore".

The NLU gives a modality ("MRI", "CT", "Ultrasound"...) and maybe a body part; the catalogue has
concrete scans ("MRI Knee", "HRCT Chest"). One modality often means several scans with different
prices, so a match returns every scan that fits and the caller asks when there is more than one.
Words are romanized first (Devanagari "दिल्ली" is "delhi") and matched fuzzily when no exact word
fits ("hydrabad", "ultrasond"), with rapidfuzz's ratio and a cut-off high enough that "bengal"
is not Bengaluru. Hindi "pet" is the stomach next to another scan ("pet ka ultrasound") or a
Hindi postposition ("pet me dard"), PET-CT as "pet ct" / "pet scan"; alone it is asked about.
"""
from __future__ import annotations

import re

from rapidfuzz import fuzz, process
from sqlalchemy.orm import Session

from bot.medezy_nlu.romanize import romanize
from core import catalogue
from core.models.cities import City
from core.models.services import Modality, Service

# The order patients see in every scan menu (commonest first).
MODALITY_MENU = [Modality.MRI, Modality.CT, Modality.ULTRASOUND, Modality.XRAY, Modality.PET_CT,
                 Modality.MAMMOGRAPHY, Modality.DEXA]
_MODALITY_WORDS = {
    Modality.MRI: ("mri", "m.r.i", "emaraai", "emarai"),
    Modality.CT: ("ct", "c.t", "cat scan", "city scan", "siti scan"),
    Modality.PET_CT: ("pet-ct", "pet ct", "petct", "pet scan", "pet"),
    Modality.ULTRASOUND: ("ultrasound", "ultra sound", "usg", "sonography", "sonografi", "sonogrphy"),
    Modality.XRAY: ("x-ray", "xray", "x ray", "x-rays", "eksre"),
    Modality.MAMMOGRAPHY: ("mammography", "mammogram", "mamogram", "mamography"),
    Modality.DEXA: ("dexa", "bone density", "bmd"),
}
_FILLER = {"scan", "scans", "test", "ka", "ki", "ke", "karwana", "karna", "hai", "chahiye", "mujhe", "i", "want",
           "need", "book", "a", "an", "the", "for", "of", "my", "please", "pls", "wala", "wali", "me", "mein",
           "do", "and", "with", "plain", "report", "checkup", "check"}
FUZZY_CUTOFF = 82  # "hydrabad" 94, "mumabi" 83, "banglor" 87; "bengal" (80) is not Bengaluru
FUZZY_MIN_LENGTH = 5  # shorter words are too easily something else ("june" / "pune")
# "pet" followed by a Hindi postposition or a symptom is the stomach, not PET-CT.
_STOMACH = re.compile(r"\bpet\s+(ka|ki|ke|me|mein|men|mai|main|dard|pain|ache|problem|infection|\w*kharab)\b"
                      r"|\b(khali|khaali|upper|lower)\s+pet\b")
CITY_ALIASES = {"bangalore": "Bengaluru", "banglore": "Bengaluru", "blr": "Bengaluru", "bombay": "Mumbai",
                "navi mumbai": "Mumbai", "thane": "Mumbai", "new delhi": "Delhi", "dilli": "Delhi",
                "delhi ncr": "Delhi", "gurgaon": "Delhi", "gurugram": "Delhi", "noida": "Delhi",
                "calcutta": "Kolkata", "madras": "Chennai", "secunderabad": "Hyderabad", "poona": "Pune"}


def modality_of(text: str) -> Modality | None:
    """The modality a patient's words name, e.g. 'sonography' -> Ultrasound, 'ultrasond' too."""
    norm = f" {_plain(romanize(text or ''))} "
    found = [m for m in sorted(_MODALITY_WORDS, key=lambda m: m is not Modality.PET_CT)  # "pet ct" before "ct"
             if any(f" {_plain(word)} " in norm for word in _MODALITY_WORDS[m])]
    if found and found[0] is Modality.PET_CT and _means_stomach(norm, found):
        found = found[1:]
    return found[0] if found else _fuzzy_modality(norm)


def _means_stomach(norm: str, found: list[Modality]) -> bool:
    """'pet' used as the Hindi word for stomach: with another scan named, or 'pet ka/me/dard'."""
    if any(f" {_plain(w)} " in norm for w in ("pet-ct", "pet ct", "petct", "pet scan")):
        return False
    return len(found) > 1 or bool(_STOMACH.search(norm))


def pet_is_ambiguous(text: str) -> bool:
    """A bare 'pet' (no 'ct'/'scan', no other scan, no Hindi context): PET-CT or the stomach? Ask."""
    norm = f" {_plain(text)} "
    return " pet " in norm and modality_of(text) is Modality.PET_CT and not any(
        f" {_plain(w)} " in norm for w in ("pet-ct", "pet ct", "petct", "pet scan", "positron"))


def _fuzzy_modality(norm: str) -> Modality | None:
    words = {_plain(w): m for m, ws in _MODALITY_WORDS.items() for w in ws if len(w) >= FUZZY_MIN_LENGTH}
    for token in norm.split():
        if len(token) >= FUZZY_MIN_LENGTH:
            hit = process.extractOne(token, list(words), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if hit:
                return words[hit[0]]
    return None


def match_services(services: list[Service], text: str, body_part: str | None = None) -> list[Service]:
    """Every catalogue scan the words fit, best matches only (empty when nothing fits).

    A bare "pet" fits both PET-CT and the stomach (abdomen) scans, so the caller asks which.
    """
    text = romanize(text or "")
    if pet_is_ambiguous(text):
        return [s for s in services if s.modality is Modality.PET_CT or s.body_part.lower() == "abdomen"]
    modality = modality_of(text)
    if modality is not Modality.PET_CT and " pet " in f" {_plain(text)} ":
        body_part = body_part or "abdomen"  # "pet ka ultrasound": the stomach
        text = f" {_plain(text)} ".replace(" pet ", " ")
    candidates = [s for s in services if modality is None or s.modality is modality]
    part = _words(body_part or "")
    if part:
        with_part = [s for s in candidates if all(w in _haystack(s) for w in part)]
        candidates = with_part or candidates
    words = [w for w in _words(_strip_modality(text, modality)) if w not in part]
    if not words:
        return candidates if (modality or part) else []
    scored = [(sum(w in _haystack(s) for w in words), s) for s in candidates]
    best = max((score for score, _ in scored), default=0)
    if best == 0:
        return candidates if modality else []
    return [s for score, s in scored if score == best]


def find_city(session: Session, text: str) -> City | None:
    """The city named by the words ('pune', 'Bangalore', 'MRI in Pune kal', 'दिल्ली', 'hydrabad'), if we serve it."""
    plain = _plain(romanize(text or ""))
    name = CITY_ALIASES.get(plain, plain)
    found = catalogue.find_city(session, name)
    if found is not None:
        return found
    for city in catalogue.list_cities(session):  # a city named inside a longer message
        if f" {city.name.lower()} " in f" {plain} ":
            return city
    alias = next((real for alias, real in CITY_ALIASES.items() if f" {alias} " in f" {plain} "), None)
    if alias:
        return catalogue.find_city(session, alias)
    return _fuzzy_city(session, plain)


def _fuzzy_city(session: Session, plain: str) -> City | None:
    """A misspelt city ('hydrabad', 'chenai', 'bangalor'), one word or two, against names and aliases."""
    cities = {c.name.lower(): c.name for c in catalogue.list_cities(session)}
    choices = {**cities, **{alias: real for alias, real in CITY_ALIASES.items() if real.lower() in cities}}
    words = plain.split()
    for token in words + [" ".join(pair) for pair in zip(words, words[1:])]:
        if len(token) >= FUZZY_MIN_LENGTH:
            hit = process.extractOne(token, list(choices), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
            if hit:
                return catalogue.find_city(session, choices[hit[0]])
    return None


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s.\-]", " ", (text or "").lower()).split())


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\-/,&()]+", _plain(text)) if w and w not in _FILLER]


def _strip_modality(text: str, modality: Modality | None) -> str:
    norm = f" {_plain(text)} "
    for word in _MODALITY_WORDS.get(modality, ()) if modality else ():
        norm = norm.replace(f" {_plain(word)} ", " ")
    return norm


def _haystack(service: Service) -> set[str]:
    named = set(_words(f"{service.name} {service.body_part} {service.code}"))
    return named | _ALSO.get(service.body_part.lower(), set())


# Body parts patients name differently from the catalogue.
_ALSO = {"brain": {"head"}, "spine": {"back", "lumbar"}, "abdomen": {"stomach", "pait", "tummy"}, "bone": {"density"},
         "breast": {"mammogram"}, "pregnancy": {"nt", "obstetric", "baby"}}


def asked_services(session: Session, tracker) -> tuple[list[Service], str]:
    """The scans this turn is about, and the words they came from ('' when the patient named none).

    A scan named in this message wins; a body part remembered from an earlier message only narrows
    a scan named in the same message, so "X-ray price" after "MRI knee" means every X-ray.
    """
    services = catalogue.list_services(session)
    named = _latest_entity(tracker, "service")
    if named:
        return match_services(services, named, _latest_entity(tracker, "body_part")), named
    code = tracker.get_slot("service_code")
    chosen = [s for s in services if s.code == code]
    if chosen:
        return chosen, chosen[0].name
    text = tracker.get_slot("service") or ""
    return (match_services(services, text, tracker.get_slot("body_part")), text) if text else ([], "")


def _latest_entity(tracker, name: str) -> str | None:
    values = [e.get("value") for e in (tracker.latest_message or {}).get("entities") or []
              if e.get("entity") == name and e.get("value")]
    return str(values[-1]) if values else None
