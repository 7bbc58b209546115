"""Answers to the questions patients ask before a scan, in English and the Hinglish they type.

`FAQS` is the demo seed (core.content.seed_content writes it, with its Hindi and Hinglish versions, as
CMS entries); support edits the live answers in the CMS. `answer_from_content` is what the bot uses: the
topic whose keywords (in any of its languages) best match the question, in the patient's language when
that version exists, else English. Durations come from the catalogue, so they are not repeated here.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

import nh3
from sqlalchemy.orm import Session

from core.content.entries import live_every_language
from core.models.content import ContentEntry, ContentKind


@dataclass(frozen=True)
class Faq:
    topic: str
    keywords: tuple[str, ...]
    answer: str


FAQS: tuple[Faq, ...] = (
    Faq("fasting", ("fast", "fasting", "khali", "khaali", "eat", "khana", "kha", "empty", "stomach", "water",
                    "paani", "pani"),
        "Most MRI, X-ray and plain CT scans need no fasting. Contrast CT/MRI and abdomen ultrasound need "
        "4-6 hours without food (water is fine); PET-CT needs 6 hours. Ask me *prep for <scan>* for yours."),
    Faq("duration", ("long", "time", "minutes", "kitna", "lagta", "lagega", "duration", "der"),
        "An X-ray takes about 10 minutes, ultrasound and CT 15-30, MRI 30-60 and PET-CT about 2 hours "
        "including the wait after the injection. Please arrive 15 minutes early."),
    Faq("documents", ("bring", "documents", "document", "carry", "le", "aana", "id", "prescription", "parchi",
                      "zaroori", "reports"),
        "Bring a photo ID, your doctor's prescription (you can also send it here as a photo or PDF) and any "
        "previous reports of the same body part."),
    Faq("safety", ("safe", "safety", "radiation", "harmful", "pregnancy", "pregnant", "kids", "child", "baby",
                   "side", "effects", "nuksan"),
        "MRI and ultrasound use no radiation. X-ray and CT use a small, controlled dose. If you are or may be "
        "pregnant, tell the centre before the scan: they will advise or change the test."),
    Faq("contrast", ("contrast", "injection", "dye", "kidney", "creatinine", "allergy"),
        "Contrast is a dye injected into a vein so some organs show better. You need a recent creatinine "
        "(kidney) report and 4 hours of fasting; tell the centre about allergies or kidney problems."),
    Faq("implants", ("pacemaker", "implant", "metal", "claustrophobia", "claustrophobic", "open", "darr", "dar"),
        "Tell us about pacemakers, implants or metal pieces before an MRI: some are not MRI-safe. If closed "
        "spaces worry you, the centre can help you stay calm; reply *agent* to ask for an open-MRI centre."),
    Faq("companion", ("someone", "saath", "companion", "attendant", "family", "parking"),
        "One attendant may come with you. Most partner centres have parking; the full address comes with "
        "your confirmation."),
    Faq("payment", ("pay", "payment", "upi", "card", "cards", "cash", "insurance", "cashless", "emi"),
        "You pay online through the secure link we send (UPI, cards, net banking) to confirm the slot. "
        "We share a GST invoice you can claim from your insurer; cashless is not available yet."),
    Faq("home_collection", ("home", "ghar", "collection", "sample", "visit"),
        "Scans need the centre's machine, so they happen at the centre. We don't offer home collection."),
    Faq("late", ("late", "delay", "miss", "missed", "der"),
        "If you will be late, reply *agent* and we'll tell the centre. More than 30 minutes late may need a "
        "new slot; reply *reschedule* to move your booking."),
    Faq("refund", ("refund", "cancel", "cancellation", "money", "paisa", "wapas"),
        "Cancel 24 hours or more before your slot and the scan price comes back in full (our booking fee "
        "is kept); 4-24 hours before, half comes back; later than that, nothing. If the centre cancels, "
        "you get everything back."),
)

# Latin words, or runs of Devanagari letters and signs (the danda "।" and "॥" end a word).
_WORDS = re.compile(r"[a-z0-9]+|[\u0900-\u0963\u0966-\u097f]+")


def answer_from_content(session: Session, question: str, *, now: datetime, language: str = "en") -> str | None:
    """The live FAQ answer that best matches the question, as plain text in `language` (else English);
    None when no topic's keywords match."""
    words = set(_WORDS.findall((question or "").lower()))
    versions: dict[str, dict[str, ContentEntry]] = {}
    for entry in live_every_language(session, kind=ContentKind.FAQ, now=now):
        versions.setdefault(entry.slug, {})[entry.language] = entry
    best, best_score = None, 0
    for by_language in versions.values():  # slugs in display order: a tie goes to the earlier topic
        keywords = {word for entry in by_language.values() for word in entry.keywords.lower().split()}
        if (score := len(words & keywords)) > best_score:
            best, best_score = by_language, score
    if best is None:
        return None
    chosen = best.get(language) or best.get("en") or next(iter(best.values()))
    return _as_text(chosen.body_html)


def _as_text(body_html: str) -> str:
    """Sanitized editor HTML as WhatsApp text: one line per paragraph, list item or line break, tags dropped."""
    broken = re.sub(r"(?i)<br\s*/?>|</(p|li|h[2-4]|tr|blockquote)>", "\n", body_html or "")
    text = html.unescape(nh3.clean(broken, tags=set()))
    return "\n".join(line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line)
