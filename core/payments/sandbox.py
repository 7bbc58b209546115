"""The sandbox provider for the embedded default: no network, Razorpay-shaped ids and webhooks.

Links point at the console's own checkout page (/sandbox/pay/<link id>), whose Pay / Fail buttons
post the same signed events Razorpay would send (built by `events_for`) to our webhook. Refunds and
transfers are accepted at once with status "processed", as Razorpay sometimes answers too; linked accounts
are activated at once (Razorpay reviews them first).
"""
from __future__ import annotations

import json
import secrets
import time

from core.payments import signing
from core.payments.provider import BankAccount, Link, LinkedAccountRequest, LinkRequest, ProviderObject


def new_id(prefix: str) -> str:
    return f"{prefix}_sbx{secrets.token_hex(6)}"


class SandboxProvider:
    name = "sandbox"

    def __init__(self, *, base_url: str, webhook_secret: str) -> None:
        self.base_url = base_url.rstrip("/")
        self._secret = webhook_secret

    def create_link(self, request: LinkRequest) -> Link:
        link_id = new_id("plink")
        return Link(id=link_id, url=f"{self.base_url}/sandbox/pay/{link_id}")

    def cancel_link(self, link_id: str) -> None:
        return None

    def refund(self, *, payment_id, amount_paise, idempotency_key, speed, notes) -> ProviderObject:
        return ProviderObject(id=new_id("rfnd"), status="processed")

    def transfer(self, *, payment_id, account_id, amount_paise, on_hold, notes) -> ProviderObject:
        return ProviderObject(id=new_id("trf"), status="processed")

    def release_transfer(self, transfer_id: str) -> None:
        return None

    def reverse_transfer(self, *, transfer_id, amount_paise, notes) -> ProviderObject:
        return ProviderObject(id=new_id("rvrsl"), status="processed")

    def verify_webhook(self, body: bytes, signature: str) -> bool:
        return signing.verify(body, signature, self._secret)

    def create_linked_account(self, request: LinkedAccountRequest) -> ProviderObject:
        return ProviderObject(id=new_id("acc"), status="created")

    def configure_route(self, *, account_id: str, bank: BankAccount, product_id: str | None = None) -> ProviderObject:
        return ProviderObject(id=product_id or new_id("acc_prd"), status="activated")  # no review in the sandbox

    def sign(self, body: bytes) -> str:
        return signing.sign(body, self._secret)


def events_for(*, link_id: str, reference_id: str, amount_paise: int, paid: bool) -> list[tuple[str, bytes]]:
    """(event id, raw body) pairs Razorpay sends when a link is paid or a payment attempt fails."""
    payment = {"id": new_id("pay"), "entity": "payment", "amount": amount_paise, "currency": "INR",
               "status": "captured" if paid else "failed", "captured": paid,
               "notes": {"medezy_payment_id": reference_id},
               "error_description": None if paid else "Payment declined by the sandbox."}
    if not paid:
        return [_event("payment.failed", payment=payment)]
    link = {"id": link_id, "entity": "payment_link", "amount": amount_paise, "amount_paid": amount_paise,
            "currency": "INR", "reference_id": reference_id, "status": "paid"}
    return [_event("payment.captured", payment=payment),
            _event("payment_link.paid", payment_link=link, payment=payment)]


def _event(name: str, **entities: dict) -> tuple[str, bytes]:
    body = {"entity": "event", "account_id": "acc_sandbox", "event": name, "contains": list(entities),
            "payload": {key: {"entity": value} for key, value in entities.items()},
            "created_at": int(time.time())}
    return new_id("evt"), json.dumps(body, separators=(",", ":")).encode()
