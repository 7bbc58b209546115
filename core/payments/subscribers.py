"""Outbox subscriptions of the payments package (registered in console.subscriptions)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core.payments import adapters, cancellation, checkout, refund_sending, settlement_accounts, transfers


def refund_cancelled_booking(session: Session, payload: dict) -> None:
    if payload.get("was") not in ("pending", "confirmed"):
        return
    if cancellation.refund_for(session, booking_id=payload["booking_id"], cancelled_by=payload["by"]) is None:
        release_partner_share(session, payload)  # nothing refunded: the partner keeps the share


def release_partner_share(session: Session, payload: dict) -> None:
    transfers.release_for_booking(session, booking_id=payload["booking_id"], provider=adapters.provider())


def retire_lapsed_links(session: Session, payload: dict) -> None:
    checkout.retire_links_of_lapsed_hold(session, booking_id=payload["booking_id"], provider=adapters.provider())


def send_refund(session: Session, payload: dict) -> None:
    refund_sending.send(session, refund_id=payload["refund_id"], provider=adapters.provider())


def send_transfer(session: Session, payload: dict) -> None:
    transfers.send(session, transfer_id=payload["transfer_id"], provider=adapters.provider())


def provision_settlement_account(session: Session, payload: dict) -> None:
    settlement_accounts.provision(session, center_id=payload["center_id"], provider=adapters.provider())


SUBSCRIPTIONS = {
    "booking_cancelled": [refund_cancelled_booking],
    "hold_expired": [retire_lapsed_links],
    "booking_completed": [release_partner_share],
    "booking_no_show": [release_partner_share],
    "policy_refund_processed": [release_partner_share],  # what the refund left of the share is the partner's
    "refund_queued": [send_refund],
    "transfer_queued": [send_transfer],
    settlement_accounts.TOPIC: [provision_settlement_account],
}
