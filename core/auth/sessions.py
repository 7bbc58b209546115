"""Browser sessions kept on the server: start at sign-in, end at sign-out, idle out, end everywhere."""
from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload

from core import audit
from core.actors import SYSTEM, Actor
from core.auth.policy import TOUCH_EVERY, idle_timeout
from core.models.auth import AuthSession
from core.models.users import User

MAX_TOKEN_LENGTH = 100  # anything longer is not one of ours; don't hash megabytes for it


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(session: Session, *, user: User, method: str, ip: str | None, user_agent: str | None,
          now: datetime) -> str:
    """A new session for `user`; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    session.add(AuthSession(token_hash=token_hash(token), user_id=user.id, method=method, ip=ip,
                            user_agent=(user_agent or "")[:200] or None, created_at=now, last_seen_at=now))
    session.flush()
    return token


def resolve(session: Session, token: str | None, *, now: datetime) -> AuthSession | None:
    """The live session behind a cookie token, or None (unknown, ended, idle too long, user inactive)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    record = session.scalar(select(AuthSession).options(joinedload(AuthSession.user))
                            .where(AuthSession.token_hash == token_hash(token)))
    if record is None or record.ended_at is not None:
        return None
    if not record.user.is_active:
        _expire(session, record, reason="user_inactive", now=now)
        return None
    if now - record.last_seen_at > idle_timeout(record.user.role):
        _expire(session, record, reason="idle", now=now)
        return None
    if now - record.last_seen_at >= TOUCH_EVERY:
        record.last_seen_at = now
    return record


def end(session: Session, record: AuthSession, *, now: datetime) -> None:
    """Sign out this one browser: its cookie stops working at once, wherever it was copied to."""
    record.ended_at, record.end_reason = now, "signed_out"
    audit.record(session, actor=Actor.of(record.user), action="auth.signed_out", entity_type="auth_session",
                 entity_id=record.id)


def end_all(session: Session, *, user_id: int, actor: Actor, reason: str, now: datetime) -> int:
    """End every live session of a user ("sign out everywhere", or an admin deactivating someone);
    returns how many were live."""
    ended = session.execute(update(AuthSession).where(AuthSession.user_id == user_id, AuthSession.ended_at.is_(None))
                            .values(ended_at=now, end_reason=reason[:30]).execution_options(synchronize_session="fetch"))
    audit.record(session, actor=actor, action="auth.sessions_ended", entity_type="user", entity_id=user_id,
                 after={"count": ended.rowcount, "reason": reason})
    return ended.rowcount


def _expire(session: Session, record: AuthSession, *, reason: str, now: datetime) -> None:
    record.ended_at, record.end_reason = now, reason
    audit.record(session, actor=SYSTEM, action="auth.session_expired", entity_type="auth_session",
                 entity_id=record.id, after={"user_id": record.user_id, "reason": reason})
