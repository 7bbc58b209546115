"""Book a scan on the web: the same search, hold and checkout the WhatsApp bot uses, for the patient or
one of their family members."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from core import catalogue
from core.actors import Actor
from core.booking import search, service
from core.clock import IST
from core.errors import ValidationError
from core.models.bookings import Booking
from core.models.payments import Payment
from core.models.users import Role, User
from core.payments import checkout
from core.payments.config import FinanceConfig
from core.payments.provider import PaymentProvider
from core.portal import family

RESULTS = 10


def options(session: Session) -> tuple[list, list]:
    """The cities and scans a patient can pick from."""
    return catalogue.list_cities(session), catalogue.list_services(session)


def find(session: Session, *, actor: Actor, city_id: int, service_id: int, day: date | None,
         now: datetime) -> list[search.SlotOption]:
    """Free slots for a scan in a city, from a day on (India dates), soonest first."""
    actor.require(Role.PATIENT)
    query = search.SearchQuery(service_id=service_id, city_id=city_id, date_from=day, limit=RESULTS, per_center=3)
    return search.find_slots(session, query, user_id=actor.user_id, now=now)


def book(session: Session, provider: PaymentProvider, *, actor: Actor, slot_id: int, member_id: int | None,
         finance: FinanceConfig, now: datetime) -> tuple[Booking, Payment]:
    """Hold the slot for the patient (or a family member) and open its payment link."""
    actor.require(Role.PATIENT)
    member = family.get_or_raise(session, actor=actor, member_id=member_id) if member_id else None
    patient = _details(session.get(User, actor.user_id), member, now.astimezone(IST).date())
    booking = service.hold(session, actor=actor, user_id=actor.user_id, slot_id=slot_id, patient=patient, now=now)
    booking.family_member_id, booking.source = (member.id if member else None), "web"
    payment = checkout.start_checkout(session, booking_id=booking.id, provider=provider, finance=finance, now=now)
    return booking, payment


def _details(user: User, member, today: date) -> service.PatientDetails:
    if member is None:
        profile = user.profile
        return service.PatientDetails(name=user.name, age=_age(profile.date_of_birth, today) if profile else None,
                                      sex=profile.sex if profile else None)
    return service.PatientDetails(name=member.name, age=_age(member.date_of_birth, today), sex=member.sex)


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def checked_id(raw: str | None, what: str) -> int:
    """A positive id from a form or query string, or a clear ValidationError."""
    raw = (raw or "").strip()
    if not raw.isdigit() or not 0 < int(raw) < 2**31:
        raise ValidationError(f"Pick a {what} from the list.")
    return int(raw)
