"""The Razorpay adapter: Payment Links, refunds and Route through the official `razorpay` SDK."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

import razorpay
import requests
from razorpay.errors import BadRequestError, GatewayError, ServerError, SignatureVerificationError

from core.clock import now_utc
from core.payments.provider import (BankAccount, Link, LinkedAccountRequest, LinkRequest, ProviderError,
                                    ProviderObject)
from core.settings import Settings

log = logging.getLogger(__name__)
TIMEOUT = 15  # seconds; a hung call would hold the caller's database locks


class RazorpayProvider:
    name = "razorpay"

    def __init__(self, *, key_id: str, key_secret: str, webhook_secret: str, base_url: str,
                 callback_url: str) -> None:
        # The SDK appends /v1/... itself, so its base_url is the bare host.
        self._client = razorpay.Client(auth=(key_id, key_secret), base_url=base_url.rstrip("/").removesuffix("/v1"))
        self._webhook_secret = webhook_secret
        self._callback_url = callback_url

    @classmethod
    def from_settings(cls, s: Settings) -> "RazorpayProvider":
        return cls(key_id=s.razorpay_key_id, key_secret=s.razorpay_key_secret,
                   webhook_secret=s.razorpay_webhook_secret, base_url=s.razorpay_base_url,
                   callback_url=f"{s.public_base_url.rstrip('/')}/payments/return")

    def create_link(self, request: LinkRequest) -> Link:
        customer = {k: v for k, v in (("name", request.customer_name), ("contact", request.customer_contact),
                                      ("email", request.customer_email)) if v}
        body = {"amount": request.amount_paise, "currency": "INR", "accept_partial": False,
                "reference_id": request.reference_id, "description": request.description,
                "expire_by": _expire_by(request.expire_by), "customer": customer,
                "notify": {"sms": False, "email": False},  # the bot sends the link on WhatsApp
                "reminder_enable": False, "notes": request.notes,
                "callback_url": self._callback_url, "callback_method": "get"}
        answer = self._call(self._client.payment_link.create, body)
        return Link(id=answer["id"], url=answer["short_url"])

    def cancel_link(self, link_id: str) -> None:
        self._call(self._client.payment_link.cancel, link_id)

    def refund(self, *, payment_id, amount_paise, idempotency_key, speed, notes) -> ProviderObject:
        body = {"amount": amount_paise, "speed": speed, "notes": notes, "receipt": idempotency_key[:40]}
        answer = self._call(self._client.payment.refund, payment_id, body,
                            headers={"X-Refund-Idempotency": idempotency_key})
        return ProviderObject(id=answer["id"], status=answer.get("status", ""))

    def transfer(self, *, payment_id, account_id, amount_paise, on_hold, notes) -> ProviderObject:
        body = {"transfers": [{"account": account_id, "amount": amount_paise, "currency": "INR",
                               "notes": notes, "on_hold": on_hold}]}
        answer = self._call(self._client.payment.transfer, payment_id, body)
        item = answer["items"][0]
        return ProviderObject(id=item["id"], status=item.get("status", ""))

    def release_transfer(self, transfer_id: str) -> None:
        self._call(self._client.transfer.edit, transfer_id, {"on_hold": False})

    def reverse_transfer(self, *, transfer_id, amount_paise, notes) -> ProviderObject:
        answer = self._call(self._client.transfer.reverse, transfer_id, {"amount": amount_paise, "notes": notes})
        return ProviderObject(id=answer["id"], status="processed")

    def create_linked_account(self, request: LinkedAccountRequest) -> ProviderObject:
        """POST /v2/accounts (type route); Razorpay answers with the acc_ id and status "created"."""
        answer = self._call(self._client.account.create, _linked_account_body(request))
        return ProviderObject(id=answer["id"], status=answer.get("status", ""))

    def configure_route(self, *, account_id: str, bank: BankAccount, product_id: str | None = None) -> ProviderObject:
        """Request the Route product (once), then give it the settlement bank account; returns its activation status."""
        if product_id is None:
            product_id = self._call(self._client.product.requestProductConfiguration, account_id,
                                    {"product_name": "route", "tnc_accepted": True})["id"]
        answer = self._call(self._client.product.edit, account_id, product_id, {
            "settlements": {"account_number": bank.account_number, "ifsc_code": bank.ifsc,
                            "beneficiary_name": bank.holder_name}, "tnc_accepted": True})
        return ProviderObject(id=product_id, status=answer.get("activation_status", ""))

    def verify_webhook(self, body: bytes, signature: str) -> bool:
        if not self._webhook_secret:
            return False
        try:
            text = body.decode("utf-8")
            return bool(self._client.utility.verify_webhook_signature(text, signature, self._webhook_secret))
        except (UnicodeDecodeError, SignatureVerificationError):
            return False

    @staticmethod
    def _call(method, *args, **kwargs) -> dict:
        try:
            return method(*args, timeout=TIMEOUT, **kwargs)
        except BadRequestError as error:
            raise ProviderError(f"Razorpay refused the request: {error}", retryable=False) from error
        except (GatewayError, ServerError, requests.RequestException) as error:
            raise ProviderError(f"Razorpay could not be reached: {error}", retryable=True) from error


def _linked_account_body(r: LinkedAccountRequest) -> dict:
    address = {"street1": r.street1, "street2": r.street2, "city": r.city, "state": r.state.upper(),
               "postal_code": r.postal_code, "country": "IN"}
    return {"email": r.email, "phone": r.phone, "type": "route", "legal_business_name": r.legal_business_name,
            "business_type": r.business_type, "contact_name": r.contact_name,
            "profile": {"category": r.category, "subcategory": r.subcategory, "addresses": {"registered": address}},
            "notes": {"medezy_center": r.reference_id}}


# Razorpay refuses a payment link that expires sooner than 15 minutes after it is created, while a
# hold lasts 10 minutes by default. The link therefore lives a little longer than the hold; our side
# still enforces the hold: the link is cancelled when the hold lapses (hold_expired), and a payment
# that lands anyway revives the booking only if the slot is still free, else it is refunded in full.
RAZORPAY_MIN_LINK_LIFETIME = timedelta(minutes=16)


def _expire_by(hold_expires_at: datetime) -> int:
    return int(max(hold_expires_at, now_utc() + RAZORPAY_MIN_LINK_LIFETIME).timestamp())
