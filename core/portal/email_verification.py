"""Verify a patient's email: a signed, expiring link that carries the address; following it saves the
address as verified. Nothing is stored until the link is followed, so a typo never locks anyone out."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.errors import ValidationError
from core.models import User
from core.models.users import PatientProfile, Role
from core.staff import checked_email

LINK_LIFETIME = timedelta(hours=24)


def start(session: Session, *, actor: Actor, email: str, now: datetime, secret: str, base_url: str) -> str:
    """The verification link for `email`; the caller emails it to that address (never shown on the page:
    following it from the inbox is what proves the address is theirs)."""
    actor.require(Role.PATIENT)
    address = checked_email(email)
    if address is None:
        raise ValidationError("Give an email address.")
    _free_or_raise(session, address, actor.user_id)
    token = _sign({"u": actor.user_id, "e": address, "x": int((now + LINK_LIFETIME).timestamp())}, secret)
    link = f"{base_url.rstrip('/')}/me/email/verify?token={token}"
    audit.record(session, actor=actor, action="user.email_verification_sent", entity_type="user",
                 entity_id=actor.user_id, after={"email": address})
    return link


def confirm(session: Session, *, token: str, now: datetime, secret: str) -> User:
    """Follow a link: the address becomes the patient's verified email (refused if tampered or expired)."""
    claims = _verified(token, secret)
    if claims["x"] < now.timestamp():
        raise ValidationError("This link has expired; ask for a new one from your profile.")
    user = session.get(User, claims["u"])
    if user is None or not user.is_active or user.role is not Role.PATIENT:
        raise ValidationError("This link is not valid.")
    _free_or_raise(session, claims["e"], user.id)
    before, user.email = user.email, claims["e"]
    profile = user.profile or PatientProfile(user_id=user.id)
    profile.email_verified = True
    session.add(profile)
    audit.record(session, actor=Actor(Role.PATIENT, user.id), action="user.email_verified", entity_type="user",
                 entity_id=user.id, before={"email": before}, after={"email": user.email})
    return user


def _free_or_raise(session: Session, address: str, user_id: int) -> None:
    owner = session.scalar(select(User.id).where(User.email == address))
    if owner is not None and owner != user_id:
        raise ValidationError("This email belongs to another account.")


def _sign(claims: dict, secret: str) -> str:
    body = base64.urlsafe_b64encode(json.dumps(claims, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{body}.{_mac(body, secret)}"


def _verified(token: str, secret: str) -> dict:
    body, _, mac = (token or "").partition(".")
    if not body or not hmac.compare_digest(_mac(body, secret), mac):
        raise ValidationError("This link is not valid.")
    try:
        claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return {"u": int(claims["u"]), "e": str(claims["e"]), "x": int(claims["x"])}
    except (ValueError, KeyError, TypeError):
        raise ValidationError("This link is not valid.") from None


def _mac(body: str, secret: str) -> str:
    return hmac.new(f"email-verification:{secret}".encode(), body.encode(), hashlib.sha256).hexdigest()
