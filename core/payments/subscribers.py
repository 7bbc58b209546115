"""Outbox subscriptions of the payments package (collected by the topic registry, wiring.topics).

Each handler is `handler(session, payload, c)`; `c` is the process container, whose adapters hold the
payment provider ("payments") and the finance configuration ("finance").
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from core import topics
from core.payments import cancellation, checkout, refund_sending, settlement_accounts, transfers


def refund_cancelled_booking(session: Session, payload: dict, c) -> None:
    if payload.get("was") not in ("pending", "confirmed"):
        return
    refunded = cancellation.refund_for(session, booking_id=payload["booking_id"], cancelled_by=payload["by"],
                                       finance=c.adapters["finance"])
    if not refunded:
        release_partner_share(session, payload, c)  # nothing refunded: the partner keeps the share


def release_partner_share(session: Session, payload: dict, c) -> None:
    transfers.release_for_booking(session, booking_id=payload["booking_id"], provider=c.adapters["payments"])


def retire_lapsed_links(session: Session, payload: dict, c) -> None:
    checkout.retire_links_of_lapsed_hold(session, booking_id=payload["booking_id"], provider=c.adapters["payments"])


def send_refund(session: Session, payload: dict, c) -> None:
    refund_sending.send(session, refund_id=payload["refund_id"], provider=c.adapters["payments"])


def send_transfer(session: Session, payload: dict, c) -> None:
    transfers.send(session, transfer_id=payload["transfer_id"], provider=c.adapters["payments"])


def provision_settlement_account(session: Session, payload: dict, c) -> None:
    settlement_accounts.provision(session, center_id=payload["center_id"], provider=c.adapters["payments"])


SUBSCRIPTIONS = {
    topics.BOOKING_CANCELLED: [refund_cancelled_booking],
    topics.HOLD_EXPIRED: [retire_lapsed_links],
    topics.BOOKING_COMPLETED: [release_partner_share],
    topics.BOOKING_NO_SHOW: [release_partner_share],
    topics.POLICY_REFUND_PROCESSED: [release_partner_share],  # what the refund left of the share is the partner's
    topics.REFUND_QUEUED: [send_refund],
    topics.TRANSFER_QUEUED: [send_transfer],
    topics.SETTLEMENT_ACCOUNT_SAVED: [provision_settlement_account],
}
