"""Who makes and checks the codes: the `CodeProvider` interface, and our own provider that sends a
6-digit code over WhatsApp (through the messaging adapter) and keeps only its HMAC."""
from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from core.auth.policy import CODE_DIGITS, CODE_TTL
from core.conversations import log
from core.errors import DomainError
from core.messaging import MessagingError, MessagingProvider
from core.models.auth import OtpChallenge
from core.models.conversations import Author

_log = logging.getLogger(__name__)
TEMPLATE = "sign_in_code"  # an approved WhatsApp authentication template with one variable, the code
HIDDEN = "••••••"


class CodeNotSent(DomainError):
    """The code could not be delivered (the provider refused or was unreachable)."""


@dataclass(frozen=True)
class Sent:
    code_hash: str | None = None  # set when we hold the code
    provider_ref: str | None = None  # set when the provider holds it (Twilio Verify's VE... sid)


class CodeProvider(Protocol):
    name: str

    def send(self, session: Session, *, phone: str) -> Sent:
        """Deliver a fresh code to `phone`; raise CodeNotSent if it cannot."""

    def check(self, challenge: OtpChallenge, code: str) -> bool:
        """Whether `code` is the one sent for `challenge`."""


def message_text(code: str) -> str:
    minutes = int(CODE_TTL.total_seconds() // 60)
    return f"{code} is your MedEzy sign-in code. It expires in {minutes} minutes. Never share it with anyone."


class LocalCodes:
    """Codes made here from `secrets`, sent as a WhatsApp template, stored as HMAC-SHA256(app secret)."""

    name = "local"

    def __init__(self, messaging: MessagingProvider, secret: str, *, show_in_log: bool = False) -> None:
        self._messaging = messaging
        self._key = secret.encode()
        # The conversation log is what support agents read: a code there would let an agent sign in
        # as the patient. Only the sandbox (nothing leaves the machine) shows it, so a person can sign in.
        self._show_in_log = show_in_log

    def send(self, session: Session, *, phone: str) -> Sent:
        code = f"{secrets.randbelow(10 ** CODE_DIGITS):0{CODE_DIGITS}d}"
        conversation = log.get_or_create(session, phone=phone)
        message = log.record_outbound(session, conversation=conversation, author=Author.SYSTEM,
                                      body=message_text(code if self._show_in_log else HIDDEN))
        try:
            message.provider_sid = self._messaging.send_template(phone, TEMPLATE, {"code": code})
        except MessagingError as error:
            _log.warning("sign-in code to %s not sent: %s", phone[:-4] + "XXXX", error)
            raise CodeNotSent("We could not send the code to WhatsApp just now. Try again in a minute.") from error
        message.status = "queued"
        return Sent(code_hash=self.digest(phone, code))

    def check(self, challenge: OtpChallenge, code: str) -> bool:
        return hmac.compare_digest(challenge.code_hash or "", self.digest(challenge.phone, code))

    def digest(self, phone: str, code: str) -> str:
        # Keyed by the app secret and bound to the phone: a leaked table row is useless on its own.
        return hmac.new(self._key, f"{phone}:{code}".encode(), hashlib.sha256).hexdigest()
