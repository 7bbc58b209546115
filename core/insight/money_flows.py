"""Where the money went in a period: refunds and Route transfers by status, and the latest of each, for
finance's overview. Aggregates in SQL; the 'latest' lists are capped."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core.insight.period import Period
from core.models import Booking, Center
from core.models.payouts import Transfer
from core.models.refunds import Refund

LATEST = 25


@dataclass(frozen=True)
class ByStatus:
    status: str
    count: int
    amount_paise: int


@dataclass(frozen=True)
class RefundRow:
    id: int
    booking: str
    amount_paise: int
    status: str
    kind: str
    created_at: datetime
    processed_at: datetime | None


@dataclass(frozen=True)
class TransferRow:
    id: int
    center: str
    amount_paise: int
    reversed_paise: int
    status: str
    on_hold: bool
    created_at: datetime


def refunds_by_status(session: Session, *, period: Period) -> list[ByStatus]:
    """Refunds asked for in the period, per status."""
    return _by_status(session, Refund, Refund.amount_paise, period)


def transfers_by_status(session: Session, *, period: Period) -> list[ByStatus]:
    """Route transfers planned in the period, per status (amounts net of reversals)."""
    return _by_status(session, Transfer, Transfer.amount_paise - Transfer.reversed_paise, period)


def latest_refunds(session: Session, *, period: Period, limit: int = LATEST) -> list[RefundRow]:
    query = (select(Refund.id, Booking.reference, Refund.amount_paise, Refund.status, Refund.kind, Refund.created_at,
                    Refund.processed_at).join(Booking, Booking.id == Refund.booking_id)
             .where(period.contains(Refund.created_at)).order_by(Refund.created_at.desc(), Refund.id.desc()).limit(limit))
    return [RefundRow(i, ref, amount, status.value, kind.value, created, processed)
            for i, ref, amount, status, kind, created, processed in session.execute(query)]


def latest_transfers(session: Session, *, period: Period, limit: int = LATEST) -> list[TransferRow]:
    query = (select(Transfer.id, Center.name, Transfer.amount_paise, Transfer.reversed_paise, Transfer.status,
                    Transfer.on_hold, Transfer.created_at).join(Center, Center.id == Transfer.center_id)
             .where(period.contains(Transfer.created_at))
             .order_by(Transfer.created_at.desc(), Transfer.id.desc()).limit(limit))
    return [TransferRow(i, center, amount, reversed_, status.value, hold, created)
            for i, center, amount, reversed_, status, hold, created in session.execute(query)]


def _by_status(session: Session, model, amount, period: Period) -> list[ByStatus]:
    query = (select(model.status, func.count(), func.coalesce(func.sum(amount), 0))
             .where(period.contains(model.created_at)).group_by(model.status).order_by(model.status))
    return [ByStatus(status.value, count, int(total)) for status, count, total in session.execute(query)]
