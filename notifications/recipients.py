"""Who receives a notification and where: a patient's or a center's addresses per channel, and language."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from core import languages
from core.models import Center, User
from core.models.notifications import Channel


@dataclass(frozen=True)
class Recipient:
    key: str  # "user:7" / "center:3": part of the dedup key
    addresses: dict[Channel, str]
    language: str = "en"
    user_id: int | None = None
    center_id: int | None = None


def patient(session: Session, user: User) -> Recipient:
    """WhatsApp and SMS go to the patient's phone, email to their address when they gave one."""
    addresses = {}
    if user.phone:
        addresses[Channel.WHATSAPP] = addresses[Channel.SMS] = user.phone
    if user.email:
        addresses[Channel.EMAIL] = user.email
    return Recipient(key=f"user:{user.id}", addresses=addresses, user_id=user.id,
                     language=languages.for_patient(session, user_id=user.id))


def center(center: Center) -> Recipient:
    """The center's front desk: its email and its phone (SMS; many desks are not on WhatsApp)."""
    addresses = {Channel.EMAIL: center.email, Channel.SMS: center.phone, Channel.WHATSAPP: center.phone}
    return Recipient(key=f"center:{center.id}", addresses={k: v for k, v in addresses.items() if v},
                     center_id=center.id)


def set_language(session: Session, *, user_id: int, language: str) -> None:
    """The language a patient reads our messages in (en, hi, hinglish): their explicit choice."""
    languages.set_setting(session, user_id=user_id, language=language)
