"""A campaign in the patient's language: the language they read our messages in (their notification
preference, English when they never chose, as every other trigger picks it), when marketing gave the
template's text in that language; otherwise the English text. Each language is its own approved WhatsApp
template, named as the notification registry names them: `offer` in English, `offer_hi`, `offer_hinglish`.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.errors import ValidationError
from core.models.campaigns import Campaign
from core.models.notifications import NotificationPreference

TRANSLATED = ("hi", "hinglish")  # English is the campaign's own body


@dataclass(frozen=True)
class Text:
    language: str
    template: str
    body: str


def clean_translations(given: dict[str, str] | None) -> dict[str, str]:
    """The non-empty texts by language; a language we do not send in is refused."""
    texts = {language: (text or "").strip()[:1000] for language, text in (given or {}).items()}
    unknown = set(texts) - set(TRANSLATED)
    if unknown:
        raise ValidationError(f"Texts can be given in {', '.join(TRANSLATED)} besides English, not {sorted(unknown)}.")
    return {language: text for language, text in texts.items() if text}


def preferred(session: Session, user_ids: list[int]) -> dict[int, str]:
    """{user id: language} of those who chose one (the others read English)."""
    found: dict[int, str] = {}
    for start in range(0, len(user_ids), 1000):  # bounded IN lists
        chunk = user_ids[start:start + 1000]
        found.update(session.execute(select(NotificationPreference.user_id, NotificationPreference.language)
                                     .where(NotificationPreference.user_id.in_(chunk))).all())
    return found


def text_for(campaign: Campaign, language: str | None) -> Text:
    translated = (campaign.bodies or {}).get(language or "en")
    if translated:
        return Text(language, f"{campaign.template}_{language}", translated)
    return Text("en", campaign.template, campaign.body)
