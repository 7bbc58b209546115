"""Sign-in codes through Twilio Verify (core.auth.codes.CodeProvider): Twilio makes the code, sends it
on WhatsApp and checks it; we keep the verification sid on our own challenge row, so expiry, attempts
and resend cooldown stay our rules whichever provider is configured."""
from __future__ import annotations

import requests
from sqlalchemy.orm import Session
from twilio.base.exceptions import TwilioException, TwilioRestException
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from core.auth.codes import CodeNotSent, Sent
from core.auth.rate_limits import RateLimited
from core.errors import ValidationError
from core.models.auth import OtpChallenge
from core.settings import Settings

INVALID_PARAMETER = 60200
MAX_SEND_ATTEMPTS = 60203  # more than 5 sends to one number without completing a verification
MAX_CHECK_ATTEMPTS = 60202
NOT_FOUND = 20404  # the verification expired, was approved already, or never existed


class TwilioVerifyCodes:
    name = "twilio_verify"

    def __init__(self, *, account_sid: str, auth_token: str, service_sid: str, channel: str = "whatsapp",
                 base_url: str | None = None, timeout: float = 10) -> None:
        self._client = Client(account_sid, auth_token, http_client=TwilioHttpClient(timeout=timeout))
        if base_url:  # a regional edge, or a local fake in tests
            self._client.verify.base_url = base_url.rstrip("/")
        self._service = self._client.verify.v2.services(service_sid)
        self._channel = channel

    @classmethod
    def from_settings(cls, settings: Settings) -> "TwilioVerifyCodes":
        return cls(account_sid=settings.twilio_account_sid, auth_token=settings.twilio_auth_token,
                   service_sid=settings.twilio_verify_service_sid, base_url=settings.twilio_verify_base_url or None)

    def send(self, session: Session, *, phone: str) -> Sent:
        try:
            verification = self._service.verifications.create(to=phone, channel=self._channel)
        except TwilioRestException as error:
            raise _send_error(error) from error
        except (TwilioException, requests.RequestException) as error:
            raise CodeNotSent("We could not reach our code service just now. Try again in a minute.") from error
        return Sent(provider_ref=verification.sid)

    def check(self, challenge: OtpChallenge, code: str) -> bool:
        try:
            result = self._service.verification_checks.create(verification_sid=challenge.provider_ref, code=code)
        except TwilioRestException as error:
            if error.status == 404 or error.code in (NOT_FOUND, MAX_CHECK_ATTEMPTS):
                return False  # Twilio no longer honours this code: to the person, a wrong or expired code
            raise CodeNotSent(f"Our code service refused the check (Twilio error {error.code}).") from error
        except (TwilioException, requests.RequestException) as error:
            raise CodeNotSent("We could not reach our code service just now. Try again in a minute.") from error
        return result.status == "approved"


def _send_error(error: TwilioRestException) -> Exception:
    if error.code == MAX_SEND_ATTEMPTS:
        return RateLimited("Too many codes sent to this number. Try again in 10 minutes.", 600)
    if error.code == INVALID_PARAMETER:
        return ValidationError("That number cannot receive a code on WhatsApp.")
    return CodeNotSent(f"Our code service refused to send the code (Twilio error {error.code}).")
