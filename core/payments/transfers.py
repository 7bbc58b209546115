"""Route payouts: the partner's share moves to the center's linked account, held until the scan.

A transfer is planned when a payment is captured and sent by an outbox job; it is released when the
booking completes (or the patient does not show), and reversed, as far as needed, when a refund goes
out. Refunds come out of the partner's share first, because the scan is what did not happen.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import SYSTEM
from core.clock import now_utc
from core.models.bookings import BookingStatus
from core.models.payments import Payment
from core.models.payouts import PartnerAccount, Transfer, TransferReversal, TransferStatus
from core.models.refunds import Refund
from core.payments import settlement_accounts
from core.payments.provider import PaymentProvider

LIVE = (TransferStatus.CREATED, TransferStatus.PROCESSED)
# Once a booking is over (done, no-show, or cancelled with its refund decided) the share is the partner's.
RELEASING = (BookingStatus.COMPLETED, BookingStatus.NO_SHOW, BookingStatus.CANCELLED)


def plan(session: Session, *, payment: Payment, partner_share_paise: int, now: datetime) -> Transfer | None:
    """Queue the partner's share of a captured payment, if the center has an activated linked account."""
    account = session.get(PartnerAccount, payment.booking.center_id)
    amount = min(partner_share_paise, payment.amount_paise)
    if not settlement_accounts.is_active(account) or amount <= 0:
        return None
    transfer = Transfer(payment_id=payment.id, center_id=account.center_id, account_id=account.provider_account_id,
                        amount_paise=amount, status=TransferStatus.QUEUED, on_hold=True, created_at=now)
    session.add(transfer)
    session.flush()
    outbox.emit(session, topics.TRANSFER_QUEUED, transfer_id=transfer.id)
    return transfer


def send(session: Session, *, transfer_id: int, provider: PaymentProvider, now: datetime | None = None) -> Transfer:
    """Create the queued transfer at the provider, less anything refunded meanwhile; safe to run twice."""
    transfer = _lock(session, Transfer.id == transfer_id)
    if transfer is None or transfer.status is not TransferStatus.QUEUED:
        return transfer
    if not settlement_accounts.is_active(session.get(PartnerAccount, transfer.center_id)):
        return transfer  # stays queued; the account's activation queues it again (settlement_accounts)
    remaining = transfer.amount_paise - transfer.payment.refunded_paise
    if remaining <= 0:
        transfer.status = TransferStatus.SKIPPED
        return _audited(session, transfer, "transfer.skipped", "queued")
    booking = transfer.payment.booking
    transfer.amount_paise, transfer.on_hold = remaining, booking.status not in RELEASING
    answer = provider.transfer(payment_id=transfer.payment.provider_payment_id, account_id=transfer.account_id,
                               amount_paise=remaining, on_hold=transfer.on_hold,
                               notes={"medezy_transfer_id": str(transfer.id), "booking": booking.reference})
    transfer.provider_transfer_id = answer.id
    transfer.status = TransferStatus.PROCESSED if answer.status == "processed" else TransferStatus.CREATED
    transfer.processed_at = (now or now_utc()) if transfer.status is TransferStatus.PROCESSED else None
    return _audited(session, transfer, "transfer.created", "queued")


def release_for_booking(session: Session, *, booking_id: int, provider: PaymentProvider,
                        now: datetime | None = None) -> list[Transfer]:
    """Lift the hold on every transfer of a booking (its main share and any price difference's) once the scan
    is done; safe to run twice."""
    query = (select(Transfer).where(Transfer.payment.has(Payment.booking_id == booking_id)).order_by(Transfer.id)
             .with_for_update().execution_options(populate_existing=True))
    return [_release(session, transfer, provider, now) for transfer in session.scalars(query)]


def _release(session: Session, transfer: Transfer, provider: PaymentProvider, now: datetime | None) -> Transfer:
    if transfer.status not in LIVE or not transfer.on_hold:
        return transfer
    if transfer.reversed_paise == transfer.amount_paise:
        return transfer  # all of it came back for a refund; nothing left to release
    provider.release_transfer(transfer.provider_transfer_id)
    transfer.on_hold, transfer.released_at = False, now or now_utc()
    return _audited(session, transfer, "transfer.released", transfer.status.value)


def reverse_for_refund(session: Session, *, refund: Refund, provider: PaymentProvider, now: datetime) -> bool:
    """Pull back as much of the partner's share as this refund needs; True if a reversal was made."""
    transfer = _lock(session, Transfer.payment_id == refund.payment_id)
    if transfer is None or transfer.status not in LIVE or _reversal_exists(session, refund.id):
        return False
    amount = min(refund.amount_paise, transfer.amount_paise - transfer.reversed_paise)
    if amount <= 0:
        return False
    answer = provider.reverse_transfer(transfer_id=transfer.provider_transfer_id, amount_paise=amount,
                                       notes={"medezy_refund_id": str(refund.id)})
    session.add(TransferReversal(transfer_id=transfer.id, refund_id=refund.id, amount_paise=amount,
                                 provider_reversal_id=answer.id, created_at=now))
    transfer.reversed_paise += amount
    _audited(session, transfer, "transfer.reversed", transfer.status.value, extra={"reversed_now_paise": amount})
    return True


def confirm(session: Session, *, provider_transfer_id: str, processed: bool, now: datetime | None = None) -> str:
    """Apply transfer.processed / transfer.failed; returns what happened."""
    transfer = _lock(session, Transfer.provider_transfer_id == provider_transfer_id)
    if transfer is None:
        return f"transfer {provider_transfer_id} is not ours; nothing to do"
    target = TransferStatus.PROCESSED if processed else TransferStatus.FAILED
    if transfer.status is target:
        return f"transfer {transfer.id} already {target.value}"
    before = transfer.status.value
    transfer.status = target
    transfer.processed_at = (now or now_utc()) if processed else None
    _audited(session, transfer, f"transfer.{target.value}", before)
    return f"transfer {transfer.id} {target.value}"


def _lock(session: Session, condition) -> Transfer | None:
    return session.scalar(select(Transfer).where(condition).with_for_update()
                          .execution_options(populate_existing=True))


def _reversal_exists(session: Session, refund_id: int) -> bool:
    return session.scalar(select(TransferReversal.id).where(TransferReversal.refund_id == refund_id)) is not None


def _audited(session: Session, transfer: Transfer, action: str, before: str, extra: dict | None = None) -> Transfer:
    audit.record(session, actor=SYSTEM, action=action, entity_type="transfer", entity_id=transfer.id,
                 before={"status": before}, after={"status": transfer.status.value, "on_hold": transfer.on_hold,
                                                   "amount_paise": transfer.amount_paise,
                                                   "reversed_paise": transfer.reversed_paise, **(extra or {})})
    return transfer
