"""Answers to the questions patients ask before a scan, in English and the Hinglish they type.

The bot answers from marketing's CMS (FAQ entries: the body is the answer, the keywords what it matches),
so an edit in the admin panel changes what the bot says. FAQS below is only the first content the demo
seed puts into the CMS (core/content/seed_content.py). Durations come from the catalogue.
"""
from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import nh3
from sqlalchemy.orm import Session

from core.content import entries
from core.models.content import ContentKind


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

TOPICS_MENU = ("I can answer questions on fasting, how long a scan takes, what to bring, safety, contrast, "
               "implants, payment, refunds and what happens if you're late. What would you like to know?")


def answer(question: str, faqs: Sequence[Faq] = FAQS) -> Faq | None:
    """The entry whose keywords best match the question (the first of equals), or None when none match."""
    words = set(re.findall(r"[a-z]+", (question or "").lower()))
    scored = [(len(words.intersection(faq.keywords)), i, faq) for i, faq in enumerate(faqs)]
    if not scored:
        return None
    score, _, best = max(scored, key=lambda item: (item[0], -item[1]))
    return best if score else None


def answer_from_content(session: Session, question: str, *, now: datetime, language: str = "en") -> Faq | None:
    """The live CMS FAQ entry that best matches the question, its answer as WhatsApp text."""
    live = entries.live(session, kind=ContentKind.FAQ, now=now, language=language)
    return answer(question, [Faq(e.slug, tuple(e.keywords.split()), message_text(e.body_html)) for e in live])


def message_text(body_html: str) -> str:
    """Sanitized editor HTML as plain message text: one line per paragraph, list item or line break."""
    broken = re.sub(r"(?i)<br\s*/?>|</(p|li|h[2-4]|tr|blockquote)>", "\n", body_html or "")
    text = html.unescape(nh3.clean(broken, tags=set()))
    return "\n".join(line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line)
