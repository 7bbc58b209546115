"""The OTP service: codes hashed, 5-minute expiry, 5 attempts, 30 s resend cooldown, rate limits and
lockouts per phone and per address; each on real Redis and in process (the `limits` fixture)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.auth import otp
from core.auth.codes import CodeNotSent, LocalCodes
from core.auth.rate_limits import RateLimited, RateLimits
from core.errors import ValidationError
from core.messaging import MessagingError
from core.models import AuditEntry, Message, OtpChallenge
from notifications.providers.sandbox import SandboxMessaging


def _send(session, codes, limits, phone, ip, clock):
    return otp.send_code(session, codes, limits, phone=phone, ip=ip, now=clock())


def _code(session, phone) -> str:
    body = session.scalars(select(Message.body).order_by(Message.id.desc())).first()
    assert phone and "sign-in code" in body
    return re.search(r"\d{6}", body).group(0)


def _check(session, codes, limits, phone, code, ip, clock) -> bool:
    return otp.check_code(session, codes, limits, phone=phone, code=code, ip=ip, now=clock())


def _wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_a_code_is_stored_only_as_its_hmac_and_the_send_is_audited(session, codes, limits, phone, ip, clock):
    challenge = _send(session, codes, limits, phone, ip, clock)
    code = _code(session, phone)
    assert challenge.code_hash == codes.digest(phone, code) and code not in challenge.code_hash
    entry = session.info["medezy_audit_pending"][-1]  # queued: written just before commit
    assert (entry["action"], entry["entity_id"], entry["after"]["ip"]) == ("auth.otp_sent", phone, ip)


def test_the_right_code_works_once(session, codes, limits, phone, ip, clock):
    _send(session, codes, limits, phone, ip, clock)
    code = _code(session, phone)
    assert _check(session, codes, limits, phone, code, ip, clock)
    assert not _check(session, codes, limits, phone, code, ip, clock)


def test_a_code_expires_after_five_minutes(session, codes, limits, phone, ip, clock):
    _send(session, codes, limits, phone, ip, clock)
    code = _code(session, phone)
    clock.advance(minutes=5, seconds=1)
    assert not _check(session, codes, limits, phone, code, ip, clock)


def test_a_code_still_works_just_before_five_minutes(session, codes, limits, phone, ip, clock):
    _send(session, codes, limits, phone, ip, clock)
    clock.advance(minutes=4, seconds=59)
    assert _check(session, codes, limits, phone, _code(session, phone), ip, clock)


def test_five_wrong_tries_spend_the_code(session, codes, limits, phone, ip, clock):
    challenge = _send(session, codes, limits, phone, ip, clock)
    code = _code(session, phone)
    for _ in range(5):
        assert not _check(session, codes, limits, phone, _wrong(code), ip, clock)
    assert challenge.attempts == 5 and challenge.closed_at is not None
    assert not _check(session, codes, limits, phone, code, ip, clock)


def test_a_malformed_code_is_a_clear_error_and_counts_no_attempt(session, codes, limits, phone, ip, clock):
    challenge = _send(session, codes, limits, phone, ip, clock)
    with pytest.raises(ValidationError, match="6-digit"):
        _check(session, codes, limits, phone, "12ab", ip, clock)
    assert challenge.attempts == 0


def test_a_second_code_within_30_seconds_is_refused_with_the_wait(session, codes, limits, phone, ip, clock):
    _send(session, codes, limits, phone, ip, clock)
    clock.advance(seconds=20)
    with pytest.raises(RateLimited) as refused:
        _send(session, codes, limits, phone, ip, clock)
    assert refused.value.cooldown and refused.value.retry_after == 10


def test_after_30_seconds_a_new_code_replaces_the_old_one(session, codes, limits, phone, ip, clock):
    first = _send(session, codes, limits, phone, ip, clock)
    old = _code(session, phone)
    clock.advance(seconds=30)
    _send(session, codes, limits, phone, ip, clock)
    new = _code(session, phone)
    assert first.closed_at is not None
    if new != old:  # one in a million they are equal
        assert not _check(session, codes, limits, phone, old, ip, clock)
    assert _check(session, codes, limits, phone, new, ip, clock)


def test_at_most_five_codes_an_hour_go_to_one_phone(session, codes, limits, phone, ip, clock):
    for _ in range(5):
        _send(session, codes, limits, phone, ip, clock)
        clock.advance(seconds=31)
    with pytest.raises(RateLimited, match="this number"):
        _send(session, codes, limits, phone, ip, clock)


def test_at_most_twenty_codes_an_hour_are_asked_for_from_one_address(session, codes, limits, ip, clock):
    for n in range(20):
        _send(session, codes, limits, f"+91940000{n:04d}", ip, clock)
    with pytest.raises(RateLimited, match="this network") as refused:
        _send(session, codes, limits, "+919400009999", ip, clock)
    assert 0 < refused.value.retry_after <= 3600
    assert session.scalar(select(OtpChallenge).where(OtpChallenge.phone == "+919400009999")) is None


def test_ten_wrong_codes_lock_the_phone_even_for_the_right_code(session, codes, limits, phone, ip, clock):
    for _ in range(2):
        _send(session, codes, limits, phone, ip, clock)
        for _ in range(5):
            assert not _check(session, codes, limits, phone, _wrong(_code(session, phone)), ip, clock)
        clock.advance(seconds=31)
    _send(session, codes, limits, phone, ip, clock)
    with pytest.raises(RateLimited, match="wrong codes for this number"):
        _check(session, codes, limits, phone, _code(session, phone), "another-address", clock)


def test_thirty_wrong_codes_from_one_address_lock_that_address(session, codes, limits, ip, clock):
    for n in range(30):
        assert not _check(session, codes, limits, f"+91950000{n:04d}", "123456", ip, clock)
    with pytest.raises(RateLimited, match="this network"):
        _check(session, codes, limits, "+919500009999", "123456", ip, clock)


def test_the_right_code_clears_the_phones_failures(session, codes, limits, phone, ip, clock):
    _send(session, codes, limits, phone, ip, clock)
    code = _code(session, phone)
    for _ in range(4):
        _check(session, codes, limits, phone, _wrong(code), ip, clock)
    assert _check(session, codes, limits, phone, code, ip, clock)
    assert limits._limiter.get_window_stats(limits._rules["sign_in_fail_phone"], "sign_in_fail_phone",
                                            phone).remaining == 10


def test_redis_counters_are_shared_between_processes(redis_url, ip):
    """Two console processes (two RateLimits on one Redis) count the same tries; in-process ones cannot."""
    one, two = RateLimits(redis_url), RateLimits(redis_url)
    for _ in range(20):
        one.hit("otp_send_ip", ip, "")
    with pytest.raises(RateLimited):
        two.hit("otp_send_ip", ip, "over")
    separate = RateLimits("memory://")
    separate.hit("otp_send_ip", ip, "")  # a fresh process-local counter knows nothing of the others


def test_no_audit_entry_is_an_otp_code(session, codes, limits, phone, ip, clock):
    _send(session, codes, limits, phone, ip, clock)
    session.commit()
    code = _code(session, phone)
    entries = session.scalars(select(AuditEntry).where(AuditEntry.entity_id == phone)).all()
    assert entries and all(code not in str(e.after) for e in entries)



class _Recording(SandboxMessaging):
    """The sandbox provider, remembering what it was handed (what WhatsApp would deliver)."""

    def __init__(self) -> None:
        self.templates: list[tuple[str, str, dict]] = []

    def send_template(self, to, template, variables):
        self.templates.append((to, template, variables))
        return super().send_template(to, template, variables)


def test_outside_the_sandbox_the_conversation_log_never_shows_the_code(session, limits, phone, ip, clock):
    messaging = _Recording()
    codes = LocalCodes(messaging, "test-secret", show_in_log=False)
    challenge = _send(session, codes, limits, phone, ip, clock)
    (to, template, variables), = messaging.templates
    logged = session.scalars(select(Message.body).order_by(Message.id.desc())).first()
    assert (to, template) == (phone, "sign_in_code") and challenge.code_hash == codes.digest(phone, variables["code"])
    assert variables["code"] not in logged and "••••••" in logged


class _Refusing(SandboxMessaging):
    def send_template(self, to, template, variables):
        raise MessagingError("Twilio refused the message (error 63024)")


def test_a_code_whatsapp_refuses_is_a_clear_error_and_no_challenge(session, limits, phone, ip, clock):
    codes = LocalCodes(_Refusing(), "test-secret")
    with pytest.raises(CodeNotSent, match="could not send"):
        _send(session, codes, limits, phone, ip, clock)
    assert session.scalar(select(OtpChallenge).where(OtpChallenge.phone == phone)) is None
