"""The patient's own bookings: upcoming and past pages, and one booking as the portal shows it.

Another patient's booking reads as absent (NotFound), never as forbidden: a guessed reference must not
confirm that the booking exists.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, not_, select
from sqlalchemy.orm import Session, joinedload

from core.actors import Actor
from core.errors import NotFound
from core.models.bookings import Booking, BookingStatus
from core.models.slots import Slot
from core.models.users import Role
from core.payments import fees
from core.payments.config import FinanceConfig

PER_PAGE = 10
LIVE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)
# The center's street address is the center's to give once it has accepted the patient; before that
# (and after a cancellation) the patient sees the area, which is enough to choose.
ADDRESS_SHOWN = (BookingStatus.CONFIRMED, BookingStatus.COMPLETED, BookingStatus.NO_SHOW)


@dataclass(frozen=True)
class Page:
    bookings: list[Booking]
    number: int
    has_next: bool


@dataclass(frozen=True)
class BookingView:
    booking: Booking
    where: str  # the area until confirmed, the full address after
    map_url: str | None
    price_paise: int
    fee_paise: int
    live: bool  # may still be rescheduled or cancelled


def page(session: Session, *, actor: Actor, upcoming: bool, number: int, now: datetime,
         per_page: int = PER_PAGE) -> Page:
    """One page of the patient's upcoming (soonest first) or past (newest first) bookings."""
    actor.require(Role.PATIENT)
    number = max(1, number)
    coming = and_(Booking.status.in_(LIVE), Slot.starts_at >= now)
    query = (select(Booking).join(Slot, Slot.id == Booking.slot_id).where(Booking.user_id == actor.user_id)
             .where(coming if upcoming else not_(coming))
             .options(joinedload(Booking.slot), joinedload(Booking.center), joinedload(Booking.service))
             .order_by(Slot.starts_at.asc() if upcoming else Slot.starts_at.desc(), Booking.id.desc())
             .offset((number - 1) * per_page).limit(per_page + 1))
    rows = list(session.scalars(query))
    return Page(rows[:per_page], number, len(rows) > per_page)


def get(session: Session, *, actor: Actor, reference: str) -> Booking:
    """The patient's own booking by reference; anyone else's is NotFound."""
    actor.require(Role.PATIENT)
    wanted = (reference or "").strip().upper()[:20]
    booking = session.scalar(select(Booking).where(Booking.reference == wanted, Booking.user_id == actor.user_id)
                             .options(joinedload(Booking.slot), joinedload(Booking.center),
                                      joinedload(Booking.service)))
    if booking is None:
        raise NotFound(f"No booking {wanted} found.")
    return booking


def view(session: Session, *, actor: Actor, reference: str, finance: FinanceConfig, now: datetime) -> BookingView:
    """One booking with what the patient may know about it now."""
    booking = get(session, actor=actor, reference=reference)
    center, split = booking.center, fees.for_booking(booking, finance)
    shown = booking.status in ADDRESS_SHOWN
    where = f"{center.name}, {center.address}, {center.pincode}" if shown else f"{center.name}, {center.area}"
    return BookingView(booking=booking, where=where,
                       map_url=map_url(center.latitude, center.longitude) if shown else None, price_paise=split.price_paise, fee_paise=split.fee_paise,
                       live=booking.status in LIVE and booking.slot.starts_at > now)


def map_url(latitude: float, longitude: float) -> str:
    """A maps link that opens the phone's map app at the center."""
    return f"https://www.google.com/maps/search/?api=1&query={latitude:.6f},{longitude:.6f}"
