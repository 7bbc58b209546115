"""Tokenised contact details for partner staff: enough to recognise, not enough to contact."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor


def mask_phone(phone: str | None) -> str:
    """'+919876543210' -> '+91••••••3210'."""
    if not phone:
        return ""
    return phone[:3] + "•" * max(len(phone) - 7, 0) + phone[-4:]


def mask_email(email: str | None) -> str:
    """'asha.rao@example.com' -> 'a•••@example.com'."""
    if not email or "@" not in email:
        return ""
    local, _, domain = email.partition("@")
    return f"{local[:1]}•••@{domain}"


def record_read(session: Session, *, actor: Actor, entity_type: str, entity_id: object, what: str) -> None:
    """Audit a staff member reading a patient's details or documents (who looked at whom, and when)."""
    audit.record(session, actor=actor, action=f"{entity_type}.read", entity_type=entity_type,
                 entity_id=entity_id, after={"what": what})
