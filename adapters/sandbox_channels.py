"""The development SMS and email outbox: nothing leaves the machine.

Every notification is a row, so the sandbox only hands out ids; /sandbox/outbox in the console shows
what every channel would have sent. SMS still pass the DLT check first (notifications.transport).
"""
from __future__ import annotations

import uuid

from core.notify.channels import Attachment, Dlt


class SandboxSms:
    name = "sandbox"

    def send_sms(self, to: str, text: str, *, dlt: Dlt, reference: str) -> str:
        return f"sandbox-sms-{uuid.uuid4().hex}"


class SandboxEmail:
    name = "sandbox"

    def send_email(self, to: str, subject: str, text: str, *, attachments: tuple[Attachment, ...] = (),
                   reference: str) -> str:
        return f"sandbox-email-{uuid.uuid4().hex}"
