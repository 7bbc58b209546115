"""The payment provider interface (Razorpay-shaped) that core talks to; adapters live elsewhere."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from core.errors import DomainError


class ProviderError(DomainError):
    """The provider refused or could not be reached; `retryable` says whether trying again may help."""

    def __init__(self, message: str, *, retryable: bool) -> None:
        super().__init__(message, code="payment_unavailable" if retryable else "payment_refused")
        self.retryable = retryable


@dataclass(frozen=True)
class LinkRequest:
    reference_id: str  # our payment id: the webhook leads back to the row
    amount_paise: int
    expire_by: datetime
    description: str
    customer_name: str
    customer_contact: str | None = None
    customer_email: str | None = None
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Link:
    id: str
    url: str


@dataclass(frozen=True)
class ProviderObject:
    """What the provider answered for a refund, transfer or reversal: its id and status."""

    id: str
    status: str = ""


@dataclass(frozen=True)
class LinkedAccountRequest:
    """A center as Razorpay Route's POST /v2/accounts wants it (a business, its contact and address)."""

    reference_id: str  # our center code
    email: str
    phone: str  # digits only, 8-15
    legal_business_name: str
    business_type: str  # e.g. partnership, proprietorship, private_limited
    contact_name: str
    street1: str
    street2: str
    city: str
    state: str
    postal_code: str
    category: str = "healthcare"
    subcategory: str = "clinic"


@dataclass(frozen=True)
class BankAccount:
    """Where a linked account's money settles."""

    holder_name: str
    ifsc: str
    account_number: str


class PaymentProvider(Protocol):
    name: str

    def create_link(self, request: LinkRequest) -> Link: ...
    def cancel_link(self, link_id: str) -> None: ...
    def refund(self, *, payment_id: str, amount_paise: int, idempotency_key: str, speed: str,
               notes: dict[str, str]) -> ProviderObject: ...
    def transfer(self, *, payment_id: str, account_id: str, amount_paise: int, on_hold: bool,
                 notes: dict[str, str]) -> ProviderObject: ...
    def release_transfer(self, transfer_id: str) -> None: ...
    def reverse_transfer(self, *, transfer_id: str, amount_paise: int, notes: dict[str, str]) -> ProviderObject: ...
    def verify_webhook(self, body: bytes, signature: str) -> bool: ...
    def create_linked_account(self, request: LinkedAccountRequest) -> ProviderObject: ...
    def configure_route(self, *, account_id: str, bank: BankAccount, product_id: str | None = None) -> ProviderObject:
        """Request Route on a linked account (or update `product_id`'s) with its settlement bank account;
        returns the product id (acc_prd_...) and its activation status."""
