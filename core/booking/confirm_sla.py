"""The center's confirm SLA: a paid booking not confirmed within so many working minutes goes to support.

Working minutes count only the center's opening hours (India time): a booking paid at 19:50 for a center
that closes at 20:00 has used 10 of its 60 minutes by the morning, not 12 hours.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import tickets
from core.actors import SYSTEM
from core.clock import IST
from core.models import Booking, BookingStatus


@dataclass(frozen=True)
class ConfirmSla:
    minutes: int = 60
    opens: time = time(8, 0)
    closes: time = time(20, 0)


def working_minutes(start: datetime, end: datetime, sla: ConfirmSla) -> float:
    """Minutes between two instants that fall inside the daily opening hours (IST)."""
    total, day = 0.0, start.astimezone(IST).date()
    while day <= end.astimezone(IST).date():
        opens = datetime.combine(day, sla.opens, tzinfo=IST)
        closes = datetime.combine(day, sla.closes, tzinfo=IST)
        overlap = min(closes, end) - max(opens, start)
        total += max(overlap.total_seconds(), 0) / 60
        day += timedelta(days=1)
    return total


def overdue(session: Session, *, now: datetime, sla: ConfirmSla) -> list[Booking]:
    """Paid bookings still awaiting their center after `sla.minutes` working minutes."""
    # Any SLA of up to a working day is breached only by bookings paid at least sla.minutes ago.
    waiting = session.scalars(select(Booking).where(Booking.status == BookingStatus.PENDING,
                                                    Booking.paid_at <= now - timedelta(minutes=sla.minutes))
                              .order_by(Booking.paid_at))
    return [b for b in waiting if working_minutes(b.paid_at, now, sla) >= sla.minutes]


def escalate_overdue(session: Session, *, now: datetime, sla: ConfirmSla) -> list[int]:
    """Open (once) an escalated support ticket for each overdue booking; returns the ticket ids touched."""
    touched = []
    for booking in overdue(session, now=now, sla=sla):
        ticket = tickets.open_ticket(session, actor=SYSTEM, user_id=booking.user_id, booking_id=booking.id,
                                     subject=f"{booking.reference}: not confirmed by {booking.center.name}")
        if not ticket.escalated:  # escalating raises the priority a step: normal -> high
            tickets.escalate(session, actor=SYSTEM, ticket_id=ticket.id,
                             reason=f"paid booking not confirmed within {sla.minutes} working minutes")
            touched.append(ticket.id)
    return touched
