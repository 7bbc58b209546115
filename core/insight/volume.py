"""Bookings over time, money collected, and the cities and services that bring them.

A booking counts on the IST day it was paid: an unpaid hold that lapsed is not a booking.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import desc, func, select
from sqlalchemy.orm import Session

from core.insight.period import Period, bucket
from core.models import Booking, Center, City, Payment, Service
from core.models.invoices import Invoice, InvoiceLine
from core.models.payments import PaymentStatus
from core.models.refunds import Refund, RefundStatus

CAPTURED = (PaymentStatus.PAID, PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED)


@dataclass(frozen=True)
class Revenue:
    gmv_paise: int  # every rupee patients paid us in the period
    fees_paise: int  # our platform fee on the invoices issued in the period (GST included)
    refunds_paise: int  # refunds the provider processed in the period

    @property
    def net_paise(self) -> int:
        return self.gmv_paise - self.refunds_paise


@dataclass(frozen=True)
class Ranked:
    name: str
    bookings: int
    gmv_paise: int


def bookings_per(session: Session, *, period: Period, grain: str, center_id: int | None = None) -> list[tuple[str, int]]:
    """[(bucket start 'YYYY-MM-DD', paid bookings)] in order; empty buckets are left out."""
    day = bucket(Booking.paid_at, grain, session.get_bind().dialect.name).label("bucket")
    query = select(day, func.count()).where(period.contains(Booking.paid_at)).group_by(day).order_by(day)
    if center_id is not None:
        query = query.where(Booking.center_id == center_id)
    return [(row[0], row[1]) for row in session.execute(query)]


def revenue(session: Session, *, period: Period, center_id: int | None = None) -> Revenue:
    """GMV, fees and refunds of the period (optionally one center's)."""
    gmv = select(func.coalesce(func.sum(Payment.amount_paise), 0)).where(
        Payment.status.in_(CAPTURED), period.contains(Payment.paid_at))
    fees = select(func.coalesce(func.sum(InvoiceLine.total_paise), 0)).join(Invoice).where(
        InvoiceLine.exempt.is_(False), period.contains(Invoice.issued_at))
    refunds = select(func.coalesce(func.sum(Refund.amount_paise), 0)).where(
        Refund.status == RefundStatus.PROCESSED, period.contains(Refund.processed_at))
    if center_id is not None:
        gmv = gmv.join(Booking, Booking.id == Payment.booking_id).where(Booking.center_id == center_id)
        fees = fees.where(Invoice.center_id == center_id)
        refunds = refunds.join(Booking, Booking.id == Refund.booking_id).where(Booking.center_id == center_id)
    return Revenue(session.scalar(gmv), session.scalar(fees), session.scalar(refunds))


def top_cities(session: Session, *, period: Period, limit: int = 10) -> list[Ranked]:
    """Cities by paid bookings in the period, with their GMV."""
    return _ranked(session, period, City.name, limit, Booking.center_id == Center.id, Center.city_id == City.id)


def top_services(session: Session, *, period: Period, limit: int = 10) -> list[Ranked]:
    """Scans by paid bookings in the period, with their GMV."""
    return _ranked(session, period, Service.name, limit, Booking.service_id == Service.id)


def _ranked(session: Session, period: Period, name, limit: int, *joins) -> list[Ranked]:
    count = func.count().label("bookings")
    query = (select(name, count, func.coalesce(func.sum(Booking.price_paise), 0))
             .where(period.contains(Booking.paid_at), *joins)
             .group_by(name).order_by(desc(count), name).limit(limit))
    return [Ranked(*row) for row in session.execute(query)]
