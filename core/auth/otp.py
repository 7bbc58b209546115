"""One-time codes: send (cooldown, rate limits, one live code per phone) and check (expiry, attempts).

The challenge row is ours whichever provider makes the code, so expiry, attempts and cooldown are the
same rules for our own codes and for Twilio Verify's.
"""
from __future__ import annotations

import math
import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM
from core.auth.codes import CodeProvider
from core.auth.policy import CODE_DIGITS, CODE_TTL, MAX_ATTEMPTS, RESEND_COOLDOWN
from core.auth.rate_limits import RateLimited, RateLimits
from core.errors import ValidationError
from core.models.auth import OtpChallenge

_CODE = re.compile(rf"\d{{{CODE_DIGITS}}}")


def send_code(session: Session, provider: CodeProvider, limits: RateLimits, *, phone: str, ip: str,
              now: datetime) -> OtpChallenge:
    """Send a fresh code to `phone` (E.164), closing any earlier one; audited as auth.otp_sent."""
    _check_cooldown(session, phone, now)
    limits.hit("otp_send_ip", ip, "Too many codes asked for from this network. Try again later.")
    limits.hit("otp_send_phone", phone, "Too many codes sent to this number. Try again later.")
    sent = provider.send(session, phone=phone)
    for earlier in session.scalars(select(OtpChallenge).where(OtpChallenge.phone == phone,
                                                              OtpChallenge.closed_at.is_(None))):
        earlier.closed_at = now  # one live code per phone: the newest
    challenge = OtpChallenge(phone=phone, provider=provider.name, code_hash=sent.code_hash,
                             provider_ref=sent.provider_ref, attempts=0, created_at=now, expires_at=now + CODE_TTL)
    session.add(challenge)
    session.flush()
    audit.record(session, actor=SYSTEM, action="auth.otp_sent", entity_type="phone", entity_id=phone,
                 after={"challenge_id": challenge.id, "provider": provider.name, "ip": ip})
    return challenge


def check_code(session: Session, provider: CodeProvider, limits: RateLimits, *, phone: str, code: str,
               ip: str, now: datetime) -> bool:
    """Whether `code` is the live code of `phone`. Every wrong try counts: five per code, and the
    per-phone and per-address lockouts across codes."""
    code = (code or "").strip()
    if not _CODE.fullmatch(code):
        raise ValidationError(f"Enter the {CODE_DIGITS}-digit code from WhatsApp.")
    limits.check("sign_in_fail_ip", ip, "Too many wrong codes from this network. Try again later.")
    limits.check("sign_in_fail_phone", phone, "Too many wrong codes for this number. Try again later.")
    challenge = _live_challenge(session, phone, now)
    if challenge is None:
        _count_failure(limits, phone, ip)
        return False
    challenge.attempts += 1
    if provider.check(challenge, code):
        challenge.closed_at = now
        limits.clear("sign_in_fail_phone", phone)
        return True
    if challenge.attempts >= MAX_ATTEMPTS:
        challenge.closed_at = now  # spent: the next try needs a new code
    _count_failure(limits, phone, ip)
    return False


def _check_cooldown(session: Session, phone: str, now: datetime) -> None:
    last = session.scalar(select(OtpChallenge.created_at).where(OtpChallenge.phone == phone)
                          .order_by(OtpChallenge.created_at.desc()).limit(1))
    if last is not None and now - last < RESEND_COOLDOWN:
        wait = math.ceil((RESEND_COOLDOWN - (now - last)).total_seconds())
        raise RateLimited(f"A code was just sent. You can ask for another in {wait} seconds.", wait, cooldown=True)


def _live_challenge(session: Session, phone: str, now: datetime) -> OtpChallenge | None:
    # FOR UPDATE: two tries racing on one code must both be counted (SQLite serialises writers anyway).
    return session.scalar(select(OtpChallenge).where(
        OtpChallenge.phone == phone, OtpChallenge.closed_at.is_(None), OtpChallenge.expires_at > now,
        OtpChallenge.attempts < MAX_ATTEMPTS).order_by(OtpChallenge.created_at.desc()).limit(1).with_for_update())


def _count_failure(limits: RateLimits, phone: str, ip: str) -> None:
    limits.count("sign_in_fail_ip", ip)
    limits.count("sign_in_fail_phone", phone)
