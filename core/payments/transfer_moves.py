"""A paid booking moves to another center: its partner share follows it (core.booking.relocate).

The old center's share is planned as a held Route transfer. While it is not released it is voided (reversed
at the provider when it was already created there) and the same payment's transfer is planned again for the
new center, in the caller's unit of work. A share already released to the old center cannot be taken back
here: it is returned to the caller, which asks finance to recover it.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.models.bookings import Booking
from core.models.payments import Payment, PaymentStatus
from core.models.payouts import PartnerAccount, Transfer, TransferStatus
from core.payments import fees, settlement_accounts, transfers
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider
from core.payments.transfers import LIVE

NOTHING_TO_MOVE = (TransferStatus.SKIPPED,)
CAPTURED = (PaymentStatus.PAID, PaymentStatus.PARTIALLY_REFUNDED)


def follow_booking(session: Session, *, actor: Actor, booking: Booking, from_center_id: int, reason: str,
                   finance: FinanceConfig, provider: PaymentProvider, now: datetime) -> list[Transfer]:
    """Move the old center's unreleased shares of `booking` (already at its new center) to the new center;
    returns the transfers already released to the old center, which only finance can recover."""
    released = []
    for transfer in _old_center_transfers(session, booking.id, from_center_id):
        if transfer.status in NOTHING_TO_MOVE:
            continue
        if _is_released(transfer):
            released.append(transfer)
            continue
        before = _facts(transfer)
        _void_at_provider(transfer, provider, booking)
        _plan_for_new_center(session, transfer, booking, now)
        audit.record(session, actor=actor, action="transfer.moved", entity_type="transfer", entity_id=transfer.id,
                     before=before, after=_facts(transfer), reason=f"booking {booking.reference} moved: {reason}"[:500])
    _plan_where_none(session, booking, finance, now)
    return released


def _plan_where_none(session: Session, booking: Booking, finance: FinanceConfig, now: datetime) -> None:
    # The old center had no linked account (bank payout), the new one may: its share goes by Route then.
    share = fees.for_booking(booking, finance).partner_share_paise
    unplanned = select(Payment).where(Payment.booking_id == booking.id, Payment.purpose == "booking",
                                      Payment.flag.is_(None), Payment.status.in_(CAPTURED),
                                      ~select(Transfer.id).where(Transfer.payment_id == Payment.id).exists())
    for payment in session.scalars(unplanned):
        transfers.plan(session, payment=payment, partner_share_paise=share, now=now)


def _old_center_transfers(session: Session, booking_id: int, center_id: int) -> list[Transfer]:
    query = (select(Transfer).join(Payment, Payment.id == Transfer.payment_id)
             .where(Payment.booking_id == booking_id, Transfer.center_id == center_id)
             .order_by(Transfer.id).with_for_update(of=Transfer).execution_options(populate_existing=True))
    return list(session.scalars(query))


def _is_released(transfer: Transfer) -> bool:
    return transfer.released_at is not None or (transfer.status in LIVE and not transfer.on_hold)


def _void_at_provider(transfer: Transfer, provider: PaymentProvider, booking: Booking) -> None:
    # Created at the provider and still on hold: pull back what refunds have not already pulled back.
    # A queued or failed transfer never moved money, so there is nothing to undo there.
    outstanding = transfer.amount_paise - transfer.reversed_paise
    if transfer.status in LIVE and outstanding > 0:
        provider.reverse_transfer(transfer_id=transfer.provider_transfer_id, amount_paise=outstanding,
                                  notes={"medezy_transfer_id": str(transfer.id), "booking": booking.reference,
                                         "why": "booking moved to another center"})


def _plan_for_new_center(session: Session, transfer: Transfer, booking: Booking, now: datetime) -> None:
    """Re-plan the row for the new center (one transfer per payment) with what the old center still had
    coming; voided when nothing is left or the new center is paid by bank payout (no activated account)."""
    account = session.get(PartnerAccount, booking.center_id)
    amount = _still_due(transfer)
    transfer.provider_transfer_id, transfer.processed_at, transfer.reversed_paise = None, None, 0
    transfer.center_id, transfer.on_hold, transfer.created_at = booking.center_id, True, now
    if not settlement_accounts.is_active(account) or amount <= 0:
        transfer.status = TransferStatus.SKIPPED
        return
    transfer.account_id, transfer.amount_paise, transfer.status = account.provider_account_id, amount, \
        TransferStatus.QUEUED
    session.flush()
    outbox.emit(session, topics.TRANSFER_QUEUED, transfer_id=transfer.id)


def _still_due(transfer: Transfer) -> int:
    # The price side of the move is settled apart (price_difference), exactly as for a move within a center.
    # send() takes everything refunded on the payment off a queued amount, so a transfer already sent (net of
    # the refunds before it, then reversed for the later ones) is re-planned with those refunds added back.
    if transfer.status not in LIVE:
        return transfer.amount_paise
    outstanding = transfer.amount_paise - transfer.reversed_paise
    return min(outstanding + transfer.payment.refunded_paise, transfer.payment.amount_paise) if outstanding > 0 else 0


def _facts(transfer: Transfer) -> dict:
    return {"center_id": transfer.center_id, "account_id": transfer.account_id, "status": transfer.status.value,
            "amount_paise": transfer.amount_paise, "reversed_paise": transfer.reversed_paise,
            "provider_transfer_id": transfer.provider_transfer_id, "on_hold": transfer.on_hold}
