"""Which language we write to a patient in: English, Hindi (Devanagari) or Hinglish (Hindi in Latin letters).

One rule for the WhatsApp bot and for notifications: a language the patient set explicitly wins; otherwise
the newest of their messages that says something about language (Devanagari script, Hinglish words,
English sentences) decides; a message like "2", "ok" or "MRI" says nothing and keeps the earlier choice;
with no evidence at all, English.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models.conversations import Conversation, Direction, Message
from core.models.notifications import NotificationPreference

LANGUAGES = ("en", "hi", "hinglish")
DEFAULT = "en"
RECENT_MESSAGES = 10

_DEVANAGARI = re.compile(r"[\u0900-\u097F]")
_LATIN = re.compile(r"[A-Za-z]")
# Words a Hinglish writer uses and an English writer does not (short ones only where unambiguous).
# Day and time words ("kal shaam", "parso", "10 baje"; "tomorrow morning" in ENGLISH_WORDS too) are
# left out: the bot itself suggests them to everyone, so they say nothing about the language.
HINGLISH_WORDS = frozenset("""
    hai hain kya kyu kyun kaise kab kahan kaha kitna kitne kitni mera meri mere mujhe muje hume humein hamara
    aap aapka apna apni apne tum tera karna karo karwana karwani karni dijiye chahiye chaiye
    nahi nahin nhi haan han haa ji bhai bhaiya didi accha acha achha theek thik thoda bahut bohot
    wala wali wale liye lie mein mai hoga hogi sakta sakti sakte bata batao bataiye bhejo bhej dena
    milega milegi chalega kuch koi kaun kaunsa konsa agla agle pichla tareekh tarikh mummy papa beta beti
    dard jaldi paisa paise wapas kar karke
""".split())
ENGLISH_WORDS = frozenset("""
    the is are am was my me i want need please can could would should will when where what which how
    for to of and with this that it book booking appointment scan price
    cost much show tell send help thanks thank you yes no not your have has do does did get
""".split())
_ASKS = re.compile(r"\b(?:in|mein|me|main)\s+(english|hindi|hinglish)\b"
                   r"|\b(english|hindi|hinglish)\s+(?:please|pls|plz|mein|me|main|language|bhasha)\b", re.I)
_CODES = {"english": "en", "hindi": "hi", "hinglish": "hinglish"}


def detect(text: str) -> str | None:
    """The language one message is written in, or None when it does not tell ("2", "ok", "MRI knee")."""
    devanagari, latin = len(_DEVANAGARI.findall(text)), len(_LATIN.findall(text))
    if devanagari >= 2 and devanagari >= latin:
        return "hi"
    words = re.findall(r"[a-z]+", text.lower())
    if any(w in HINGLISH_WORDS for w in words):
        return "hinglish"
    if sum(w in ENGLISH_WORDS for w in words) >= 2:
        return "en"
    return None


def asked_for(text: str) -> str | None:
    """The language a message explicitly asks us to write in ("reply in Hindi", "english please")."""
    found = _ASKS.search(text)
    return _CODES[(found.group(1) or found.group(2)).lower()] if found else None


def choose(*, setting: str | None, messages: Iterable[str]) -> str:
    """The language to write in: the explicit setting, else the newest telling message (newest first)."""
    if setting in LANGUAGES:
        return setting
    return next((found for text in messages if (found := detect(text or ""))), DEFAULT)


def setting(session: Session, *, user_id: int) -> str | None:
    """The language the patient chose explicitly, or None when they never did."""
    preference = session.get(NotificationPreference, user_id)
    return preference.language if preference is not None else None


def set_setting(session: Session, *, user_id: int, language: str) -> None:
    """Record the language the patient chose (profile, support or "reply in Hindi" on WhatsApp)."""
    if language not in LANGUAGES:
        raise ValidationError(f"Language must be one of {', '.join(LANGUAGES)}.")
    preference = session.get(NotificationPreference, user_id) or NotificationPreference(user_id=user_id)
    preference.language = language
    session.add(preference)


def recent_messages(session: Session, *, user_id: int, limit: int = RECENT_MESSAGES) -> list[str]:
    """The patient's latest WhatsApp messages, newest first."""
    return list(session.scalars(
        select(Message.body).join(Conversation, Conversation.id == Message.conversation_id)
        .where(Conversation.user_id == user_id, Message.direction == Direction.IN)
        .order_by(Message.id.desc()).limit(limit)))


def for_patient(session: Session, *, user_id: int) -> str:
    """The language to write to this patient in, outside a chat (notifications)."""
    return choose(setting=setting(session, user_id=user_id),
                  messages=recent_messages(session, user_id=user_id))
