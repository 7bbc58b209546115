"""A center's payout bank account and its Route linked account, created through the payment provider.

Saving the bank account (finance) queues `settlement_account_saved`; its subscriber creates the linked
account and requests Route with the bank account as settlement destination. Razorpay reviews it and says
`product.route.activated` by webhook; only then do transfers go to the center (core.payments.transfers).
The full account number is kept only to configure the provider; screens and audit see the masked one.
"""
from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import SYSTEM, Actor
from core.clock import now_utc
from core.errors import NotFound, ValidationError
from core.models.centers import Center
from core.models.payouts import PartnerAccount, RouteStatus, Transfer, TransferStatus
from core.models.users import Role
from core.payments.provider import BankAccount, LinkedAccountRequest, PaymentProvider, ProviderError

_IFSC = re.compile(r"^[A-Z]{4}0[A-Z0-9]{6}$")  # 4 bank letters, a zero, 6 branch characters
_NUMBER = re.compile(r"^\d{9,18}$")  # Indian bank account numbers are 9-18 digits
BUSINESS_TYPES = ("proprietorship", "partnership", "private_limited", "public_limited", "llp", "trust",
                  "society", "ngo")
TOPIC = topics.SETTLEMENT_ACCOUNT_SAVED


def get(session: Session, *, actor: Actor, center_id: int) -> PartnerAccount | None:
    """A center's settlement account (finance, or the center's own partners)."""
    _authorize_view(actor, center_id)
    return session.get(PartnerAccount, center_id)


def get_all(session: Session, *, actor: Actor) -> list[tuple[Center, PartnerAccount | None]]:
    """Every center with its settlement account, if it has one (finance's list)."""
    actor.require_permission("payout.manage")
    rows = session.execute(select(Center, PartnerAccount).outerjoin(PartnerAccount,
                                                                   PartnerAccount.center_id == Center.id)
                           .order_by(Center.name)).all()
    return [(center, account) for center, account in rows]


def save_bank_account(session: Session, *, actor: Actor, center_id: int, holder_name: str, ifsc: str,
                      account_number: str, legal_business_name: str, business_type: str = "partnership",
                      now: datetime | None = None) -> PartnerAccount:
    """Set where a center is paid; the linked account is created (or re-configured) after commit."""
    actor.require_permission("payout.manage")
    center = session.get(Center, center_id)
    if center is None:
        raise NotFound(f"Center {center_id} does not exist.")
    bank = _checked_bank(holder_name, ifsc, account_number)
    legal_business_name, business_type = _checked_business(legal_business_name, business_type)
    account = session.get(PartnerAccount, center_id) or PartnerAccount(center_id=center_id)
    before = _snapshot(account) if account.holder_name else None
    account.holder_name, account.ifsc, account.account_number = bank.holder_name, bank.ifsc, bank.account_number
    account.legal_business_name, account.business_type = legal_business_name, business_type
    account.status, account.last_error, account.updated_at = RouteStatus.PENDING, None, now or now_utc()
    session.add(account)
    session.flush()
    audit.record(session, actor=actor, action="settlement_account.saved", entity_type="center", entity_id=center_id,
                 before=before, after=_snapshot(account))
    outbox.emit(session, TOPIC, center_id=center_id)
    return account


def retry(session: Session, *, actor: Actor, center_id: int) -> PartnerAccount:
    """Try the provider again after a failure was fixed on their side."""
    actor.require_permission("payout.manage")
    account = session.get(PartnerAccount, center_id)
    if account is None or account.status is not RouteStatus.FAILED:
        raise ValidationError("Only a failed settlement account can be retried.")
    account.status = RouteStatus.PENDING
    audit.record(session, actor=actor, action="settlement_account.retried", entity_type="center",
                 entity_id=center_id, before={"status": "failed"}, after={"status": "pending"})
    outbox.emit(session, TOPIC, center_id=center_id)
    return account


def provision(session: Session, *, center_id: int, provider: PaymentProvider, now: datetime | None = None) -> str:
    """Create the linked account if there is none, then request Route with the bank account; safe to rerun.

    An outage before anything was created at the provider raises, so the outbox delivers the event again
    later; any other failure is recorded (keeping an acc_ id already made, so a retry cannot make a second).
    """
    account = session.scalar(select(PartnerAccount).where(PartnerAccount.center_id == center_id).with_for_update())
    if account is None or account.status is not RouteStatus.PENDING:
        return f"center {center_id}: nothing to provision"
    center, before, had_account = session.get(Center, center_id), account.status.value, account.provider_account_id
    try:
        if account.provider_account_id is None:
            account.provider_account_id = provider.create_linked_account(_request(center, account)).id
            account.status = RouteStatus.REQUESTED
        product = provider.configure_route(account_id=account.provider_account_id, bank=_bank(account),
                                           product_id=account.provider_product_id)
        account.provider_product_id = product.id
        _set_status(session, account, product.status, before)
    except ProviderError as error:
        if error.retryable and account.provider_account_id == had_account:
            raise
        account.status, account.last_error = RouteStatus.FAILED, str(error)[:500]
        _audit_status(session, account, before)
    account.updated_at = now or now_utc()
    return f"center {center_id}: {account.status.value}"


def apply_activation(session: Session, *, product_id: str, activation_status: str) -> str:
    """A product.route.* webhook: record the review's outcome (activated releases waiting transfers)."""
    account = session.scalar(select(PartnerAccount).where(PartnerAccount.provider_product_id == product_id)
                             .with_for_update())
    if account is None:
        return f"route product {product_id} is not ours"
    _set_status(session, account, activation_status, account.status.value)
    return f"center {account.center_id} route {account.status.value}"


def is_active(account: PartnerAccount | None) -> bool:
    """Whether transfers may go to this account."""
    return account is not None and account.status is RouteStatus.ACTIVATED and bool(account.provider_account_id)


def _set_status(session: Session, account: PartnerAccount, activation_status: str, before: str) -> None:
    try:
        account.status = RouteStatus(activation_status)
    except ValueError:
        account.status = RouteStatus.UNDER_REVIEW  # an unknown word from the provider is not an activation
    _audit_status(session, account, before)
    if account.status is RouteStatus.ACTIVATED:
        _release_waiting_transfers(session, account.center_id)


def _release_waiting_transfers(session: Session, center_id: int) -> None:
    for transfer_id in session.scalars(select(Transfer.id).where(Transfer.center_id == center_id,
                                                                 Transfer.status == TransferStatus.QUEUED)):
        outbox.emit(session, topics.TRANSFER_QUEUED, transfer_id=transfer_id)


def _audit_status(session: Session, account: PartnerAccount, before: str) -> None:
    audit.record(session, actor=SYSTEM, action="settlement_account.status", entity_type="center",
                 entity_id=account.center_id, before={"status": before},
                 after={"status": account.status.value, "account": account.provider_account_id,
                        "error": account.last_error})


def _checked_bank(holder_name: str, ifsc: str, account_number: str) -> BankAccount:
    holder = (holder_name or "").strip()
    if not 3 <= len(holder) <= 120:
        raise ValidationError("Give the account holder's name as the bank has it.")
    code = (ifsc or "").strip().upper()
    if not _IFSC.match(code):
        raise ValidationError(f"{ifsc!r} is not an IFSC (11 characters: 4 letters, 0, 6 letters or digits, "
                              "e.g. HDFC0001234).")
    number = re.sub(r"[\s-]", "", account_number or "")
    if not _NUMBER.match(number):
        raise ValidationError("A bank account number is 9 to 18 digits.")
    return BankAccount(holder_name=holder, ifsc=code, account_number=number)


def _checked_business(name: str, kind: str) -> tuple[str, str]:
    if not 4 <= len((name or "").strip()) <= 200:
        raise ValidationError("Give the center's legal business name (4-200 characters).")
    if kind not in BUSINESS_TYPES:
        raise ValidationError(f"The business type is one of {', '.join(BUSINESS_TYPES)}.")
    return name.strip(), kind


def _request(center: Center, account: PartnerAccount) -> LinkedAccountRequest:
    street1, _, street2 = center.address.partition(",")
    return LinkedAccountRequest(
        reference_id=center.code, email=center.email, phone=re.sub(r"\D", "", center.phone)[-10:],
        legal_business_name=account.legal_business_name, business_type=account.business_type,
        contact_name=account.holder_name, street1=street1.strip()[:100], street2=(street2.strip() or center.area)[:100],
        city=center.city.name, state=center.city.state, postal_code=center.pincode)


def _bank(account: PartnerAccount) -> BankAccount:
    return BankAccount(holder_name=account.holder_name, ifsc=account.ifsc, account_number=account.account_number)


def _snapshot(account: PartnerAccount) -> dict:
    return {"holder_name": account.holder_name, "ifsc": account.ifsc, "account_number": account.masked_number,
            "status": account.status.value if account.status else None}


def _authorize_view(actor: Actor, center_id: int) -> None:
    if actor.role is Role.PARTNER_STAFF:
        actor.require_permission("finance.center_view")
        actor.require_center(center_id)
    else:
        actor.require_permission("payout.manage")
