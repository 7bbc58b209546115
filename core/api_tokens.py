"""API tokens for /api/v1: issued for one center (its booking system) or one staff user.

The secret is shown once when issued; only its SHA-256 is stored. A plain hash is enough here (no salt,
no slow KDF) because the secret is 32 random bytes, not a password a person chose.
"""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.clock import now_utc
from core.errors import Forbidden, NotFound, ValidationError
from core.models.api_tokens import ApiToken
from core.models.centers import Center
from core.models.users import Role, User

PREFIX = "mdz_"


class InvalidToken(Forbidden):
    """No token, an unknown one, or a revoked one (the API answers 401)."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create(session: Session, *, actor: Actor, name: str, center_id: int | None = None,
           user_id: int | None = None) -> tuple[ApiToken, str]:
    """Issue a token for a center or a staff user; returns the row and the secret (shown once)."""
    _authorize(actor)
    _check_owner(session, center_id, user_id)
    if not (name or "").strip():
        raise ValidationError("Name the token (e.g. the system that will use it).")
    secret = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(name=name.strip()[:80], token_hash=digest(secret), prefix=secret[:12], center_id=center_id,
                     user_id=user_id, created_by_id=actor.user_id)
    session.add(token)
    session.flush()
    audit.record(session, actor=actor, action="api_token.created", entity_type="api_token", entity_id=token.id,
                 after={"name": token.name, "center_id": center_id, "user_id": user_id, "prefix": token.prefix})
    return token, secret


def get_all(session: Session, *, actor: Actor) -> list[ApiToken]:
    """Every token, live ones first, newest first (secrets are never stored, so never shown again)."""
    _authorize(actor)
    return list(session.scalars(select(ApiToken).order_by(ApiToken.revoked_at.is_not(None), ApiToken.id.desc())))


def revoke(session: Session, *, actor: Actor, token_id: int) -> ApiToken:
    """Stop a token working at once."""
    _authorize(actor)
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"API token {token_id} does not exist.")
    if token.revoked_at is None:
        token.revoked_at = now_utc()
        audit.record(session, actor=actor, action="api_token.revoked", entity_type="api_token",
                     entity_id=token.id, after={"prefix": token.prefix})
    return token


def authenticate(session: Session, *, secret: str | None, now: datetime | None = None) -> Actor:
    """The actor a presented token acts as: a center's partner, or the staff user it was issued to."""
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == digest(secret))) if secret else None
    if token is None or token.revoked_at is not None:
        raise InvalidToken("Send a valid API token as 'Authorization: Bearer <token>'.")
    token.last_used_at = now or now_utc()
    if token.center_id is not None:
        return Actor(role=Role.PARTNER_STAFF, center_id=token.center_id)
    user = session.get(User, token.user_id)
    if not user.is_active:
        raise InvalidToken("This token's user has been deactivated.")
    return Actor.of(user)


def _authorize(actor: Actor) -> None:
    """The platform itself (the operator's `medezy tokens` command) may manage tokens; people need the permission."""
    if actor.role is not Role.SYSTEM:
        actor.require_permission("api_token.manage")


def _check_owner(session: Session, center_id: int | None, user_id: int | None) -> None:
    if (center_id is None) == (user_id is None):
        raise ValidationError("A token is issued either for one center or for one staff user.")
    if center_id is not None and session.get(Center, center_id) is None:
        raise NotFound(f"Center {center_id} does not exist.")
    if user_id is not None:
        user = session.get(User, user_id)
        if user is None or user.role in (Role.PATIENT, Role.SYSTEM):
            raise ValidationError("API tokens are issued to staff users only.")
