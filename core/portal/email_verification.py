"""Verify a patient's email: a signed, expiring link that carries the account, the address and when it was
sent; confirming it saves the address as verified. Nothing is stored until then, so a typo never locks
anyone out. The link stands in for a sign-in (it is opened from the inbox, often on another device), so it
works once: each link carries a random id, and its audited confirmation names that id."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.errors import ValidationError
from core.models import User
from core.models.audit import AuditEntry
from core.models.users import PatientProfile, Role
from core.staff import checked_email

LINK_LIFETIME = timedelta(hours=24)
VERIFIED = "user.email_verified"  # the audit action; its entries are also what spends a link


@dataclass(frozen=True)
class Link:
    """What a valid, unspent link asks: confirm `email` for the patient `user_id`."""
    user_id: int
    email: str
    sent_at: datetime
    nonce: str

    @property
    def spent_by(self) -> str:
        """The reason its confirmation is audited with, and what a second use is looked up by."""
        return f"emailed link {self.nonce}"


def start(session: Session, *, actor: Actor, email: str, now: datetime, secret: str, base_url: str) -> str:
    """The verification link for `email`; the caller emails it to that address (never shown on the page:
    following it from the inbox is what proves the address is theirs)."""
    actor.require(Role.PATIENT)
    address = checked_email(email)
    if address is None:
        raise ValidationError("Give an email address.")
    _free_or_raise(session, address, actor.user_id)
    token = _sign({"u": actor.user_id, "e": address, "i": int(now.timestamp()), "n": secrets.token_urlsafe(12),
                   "x": int((now + LINK_LIFETIME).timestamp())}, secret)
    link = f"{base_url.rstrip('/')}/email/verify?token={token}"
    audit.record(session, actor=actor, action="user.email_verification_sent", entity_type="user",
                 entity_id=actor.user_id, after={"email": address})
    return link


def check(session: Session, *, token: str, now: datetime, secret: str) -> Link:
    """The link's request, refused when tampered with, expired, already used or for a closed account."""
    claims = _verified(token, secret)
    if claims["x"] < now.timestamp():
        raise ValidationError("This link has expired; ask for a new one from your profile.")
    user = session.get(User, claims["u"])
    if user is None or not user.is_active or user.role is not Role.PATIENT:
        raise ValidationError("This link is not valid.")
    link = Link(user.id, claims["e"], datetime.fromtimestamp(claims["i"], tz=timezone.utc), claims["n"])
    if _spent(session, link):
        raise ValidationError("This link has already been used. Your profile shows the email on your account.")
    _free_or_raise(session, link.email, user.id)
    return link


def confirm(session: Session, *, token: str, now: datetime, secret: str) -> User:
    """Follow a link: the address becomes the patient's verified email; the link is spent."""
    # Lock the account first: of two clicks at once, the second waits and then finds the link spent.
    session.get(User, _verified(token, secret)["u"], with_for_update=True)
    link = check(session, token=token, now=now, secret=secret)
    user = session.get(User, link.user_id)
    before, user.email = user.email, link.email
    profile = user.profile or PatientProfile(user_id=user.id)
    profile.email_verified = True
    session.add(profile)
    # The link's holder acts for the account it names, signed in or not.
    audit.record(session, actor=Actor(Role.PATIENT, user.id), action=VERIFIED, entity_type="user",
                 entity_id=user.id, before={"email": before},
                 after={"email": user.email, "link_sent_at": link.sent_at.isoformat()}, reason=link.spent_by)
    return user


def _spent(session: Session, link: Link) -> bool:
    return session.scalar(select(AuditEntry.id).where(
        AuditEntry.action == VERIFIED, AuditEntry.entity_type == "user", AuditEntry.entity_id == str(link.user_id),
        AuditEntry.reason == link.spent_by).limit(1)) is not None


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
        return {"u": int(claims["u"]), "e": str(claims["e"]), "i": int(claims["i"]), "n": str(claims["n"]),
                "x": int(claims["x"])}
    except (ValueError, KeyError, TypeError):
        raise ValidationError("This link is not valid.") from None


def _mac(body: str, secret: str) -> str:
    return hmac.new(f"email-verification:{secret}".encode(), body.encode(), hashlib.sha256).hexdigest()
