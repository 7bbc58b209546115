"""Signing in, step by step, with every attempt audited: ask for a code, give the code (a patient
who never wrote on WhatsApp is signed up here), or (staff, where allowed) email + password."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, patients
from core.actors import SYSTEM, Actor
from core.auth import otp, sessions
from core.auth.codes import CodeProvider
from core.auth.rate_limits import RateLimits
from core.models.users import Role, User
from core.passwords import check_password, hash_password

WRONG_CODE = "That code is not right, or it has expired. Check WhatsApp, or ask for a new code."
WRONG_PASSWORD = "Wrong email or password."
CANNOT_SIGN_IN = "This account cannot sign in. Contact MedEzy support if you think that is a mistake."
CODE_ONLY = "Super admins sign in with a one-time code on their phone, never with a password."


@dataclass(frozen=True)
class Client:
    """Where an attempt comes from (for rate limits and the audit log)."""

    ip: str
    user_agent: str | None = None


@dataclass(frozen=True)
class Outcome:
    user: User | None = None
    token: str | None = None  # the new session's cookie value
    signed_up: bool = False
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.token is not None


def request_code(session: Session, provider: CodeProvider, limits: RateLimits, *, phone: str, client: Client,
                 now: datetime) -> None:
    """Send a code to any valid number. Whether an account exists changes nothing here: everyone may
    sign in (or up) by phone, so the answer cannot tell who is a customer."""
    otp.send_code(session, provider, limits, phone=phone, ip=client.ip, now=now)


def with_code(session: Session, provider: CodeProvider, limits: RateLimits, *, phone: str, code: str,
              client: Client, now: datetime) -> Outcome:
    """Sign in with the code sent to `phone`; the first sign-in of a new number creates its patient."""
    if not otp.check_code(session, provider, limits, phone=phone, code=code, ip=client.ip, now=now):
        return _refused(session, "phone", phone, client, reason="wrong_code", problem=WRONG_CODE)
    user = session.scalar(select(User).where(User.phone == phone))
    signed_up = user is None
    if signed_up:
        user, _ = patients.get_or_register(session, phone=phone, channel="otp")
    return _start(session, user, "otp", client, now, signed_up=signed_up)


def with_password(session: Session, limits: RateLimits, *, email: str, password: str, client: Client,
                  now: datetime) -> Outcome:
    """Staff sign-in by email + password (only where configured). The password is hashed whether or
    not the email exists, so both answers take the same work."""
    email = (email or "").strip().lower()[:254]
    limits.check("sign_in_fail_ip", client.ip, "Too many failed sign-ins from this network. Try again later.")
    limits.check("sign_in_fail_email", email, "Too many wrong passwords for this account. Try again later, "
                 "or sign in with a code on your phone.")
    user = session.scalar(select(User).where(User.email == email))
    # No account, or one without a password (patients): hash against a decoy, so it costs the same.
    stored = user.password_hash if user is not None and user.password_hash else None
    matched = check_password(stored or _decoy_hash(), password or "") and stored is not None
    if not matched or user is None or user.role in (Role.PATIENT, Role.SYSTEM):
        _count_password_failure(limits, email, client)
        return _refused(session, "email", email, client, reason="wrong_password", problem=WRONG_PASSWORD)
    if user.role is Role.SUPER_ADMIN:
        return _refused(session, "email", email, client, reason="code_required", problem=CODE_ONLY)
    limits.clear("sign_in_fail_email", email)
    return _start(session, user, "password", client, now)


def _start(session: Session, user: User, method: str, client: Client, now: datetime, *,
           signed_up: bool = False) -> Outcome:
    if not user.is_active or user.role is Role.SYSTEM:
        return _refused(session, "user", user.id, client, reason="inactive", problem=CANNOT_SIGN_IN)
    token = sessions.start(session, user=user, method=method, ip=client.ip, user_agent=client.user_agent, now=now)
    audit.record(session, actor=Actor.of(user), action="auth.signed_in", entity_type="user", entity_id=user.id,
                 after={"method": method, "ip": client.ip, "signed_up": signed_up})
    return Outcome(user=user, token=token, signed_up=signed_up)


def _refused(session: Session, kind: str, who: object, client: Client, *, reason: str, problem: str) -> Outcome:
    audit.record(session, actor=SYSTEM, action="auth.sign_in_failed", entity_type=kind, entity_id=str(who)[:40],
                 after={"ip": client.ip, "who": str(who)}, reason=reason)
    return Outcome(problem=problem)


def _count_password_failure(limits: RateLimits, email: str, client: Client) -> None:
    limits.count("sign_in_fail_ip", client.ip)
    limits.count("sign_in_fail_email", email)


@cache
def _decoy_hash() -> str:
    # Hashed once per process: checking against it costs what checking a real password costs.
    return hash_password("not a password anyone has")
