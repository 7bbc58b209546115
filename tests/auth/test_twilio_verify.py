"""The Twilio Verify adapter: the real twilio SDK over HTTP to a local fake of Verify v2, and the same
OTP rules (our challenge row) on top of it."""
from __future__ import annotations

import pytest

from adapters.twilio_verify import TwilioVerifyCodes
from core.auth import otp
from core.auth.codes import CodeNotSent
from core.auth.rate_limits import RateLimited, RateLimits
from core.errors import ValidationError
from core.models import OtpChallenge
from tests.auth.fake_twilio_verify import SERVICE, SID, TOKEN, FakeVerify


@pytest.fixture
def verify():
    with FakeVerify() as fake:
        yield fake


@pytest.fixture
def provider(verify) -> TwilioVerifyCodes:
    return TwilioVerifyCodes(account_sid=SID, auth_token=TOKEN, service_sid=SERVICE, base_url=verify.url)


def test_start_asks_twilio_for_a_whatsapp_code_and_keeps_only_the_sid(session, provider, verify, phone):
    sent = provider.send(session, phone=phone)
    form = verify.server.seen[-1].form()
    assert (form["To"], form["Channel"]) == ([phone], ["whatsapp"])
    assert sent.provider_ref.startswith("VE") and sent.code_hash is None


def test_the_right_code_is_approved_and_a_wrong_one_is_not(session, provider, verify, phone, clock):
    limits = RateLimits()
    otp.send_code(session, provider, limits, phone=phone, ip="client", now=clock())
    code = verify.code_for(phone)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert not otp.check_code(session, provider, limits, phone=phone, code=wrong, ip="client", now=clock())
    assert otp.check_code(session, provider, limits, phone=phone, code=code, ip="client", now=clock())
    assert verify.server.seen[-1].form()["VerificationSid"] == [session.query(OtpChallenge).filter_by(phone=phone).one().provider_ref]


def test_an_approved_or_vanished_verification_reads_as_a_wrong_code(session, provider, verify, phone):
    sent = provider.send(session, phone=phone)
    challenge = OtpChallenge(phone=phone, provider="twilio_verify", provider_ref=sent.provider_ref)
    assert provider.check(challenge, verify.code_for(phone))
    assert not provider.check(challenge, verify.code_for(phone))  # Twilio answers 404 / 20404 now


def test_our_expiry_applies_before_twilios_ten_minutes(session, provider, verify, phone, clock):
    limits = RateLimits()
    otp.send_code(session, provider, limits, phone=phone, ip="client", now=clock())
    clock.advance(minutes=6)
    checks_before = len(verify.server.seen)
    assert not otp.check_code(session, provider, limits, phone=phone, code=verify.code_for(phone), ip="client",
                              now=clock())
    assert len(verify.server.seen) == checks_before  # expired here: Twilio is not even asked


def test_twilios_send_limit_is_a_rate_limit(session, provider, phone):
    for _ in range(5):
        provider.send(session, phone=phone)
    with pytest.raises(RateLimited, match="Too many codes"):
        provider.send(session, phone=phone)


def test_an_invalid_number_is_a_validation_error(session, provider):
    with pytest.raises(ValidationError):
        provider.send(session, phone="12345")


def test_wrong_credentials_are_a_clear_send_failure(session, verify, phone):
    wrong = TwilioVerifyCodes(account_sid=SID, auth_token="nope", service_sid=SERVICE, base_url=verify.url)
    with pytest.raises(CodeNotSent, match="20003"):
        wrong.send(session, phone=phone)


def test_unreachable_twilio_is_a_clear_send_failure(session, phone):
    offline = TwilioVerifyCodes(account_sid=SID, auth_token=TOKEN, service_sid=SERVICE,
                                base_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(CodeNotSent, match="could not reach"):
        offline.send(session, phone=phone)
