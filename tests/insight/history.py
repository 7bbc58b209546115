"""Hand-made history in March 2019 (IST), far from anything other tests write, so every figure is known."""
from __future__ import annotations

import itertools
from datetime import date, datetime

from core.clock import IST
from core.insight.period import Period
from core.models import AnalyticsEvent, Booking, BookingStatus, Payment
from core.models.documents import Document, DocumentKind
from core.models.feedback import NpsResponse
from core.models.payments import PaymentStatus
from core.models.users import Role

MARCH = Period(date(2019, 3, 1), date(2019, 4, 1))
_refs = itertools.count(1)


def ist(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An aware instant on a March 2019 day, given as India wall-clock time."""
    return datetime(2019, 3, day, hour, minute, tzinfo=IST)


class History:
    def __init__(self, session, factories):
        self.session, self.f = session, factories

    def booking(self, slot, patient, status: BookingStatus, *, created: datetime, paid: datetime | None = None,
                confirmed: datetime | None = None, completed: datetime | None = None,
                cancelled_by: Role | None = None, source: str = "whatsapp") -> Booking:
        booking = Booking(reference=f"MZT{next(_refs):06d}"[:12], user_id=patient.id, slot_id=slot.id,
                          center_id=slot.center_id, service_id=slot.service_id, status=status,
                          price_paise=500000, patient_name=patient.name, source=source, created_at=created,
                          paid_at=paid, confirmed_at=confirmed, completed_at=completed, cancelled_by=cancelled_by)
        self.session.add(booking)
        self.session.flush()
        if paid is not None:
            self.session.add(Payment(booking_id=booking.id, amount_paise=booking.price_paise, provider="sandbox",
                                     status=PaymentStatus.PAID, paid_at=paid, created_at=created))
        return booking

    def report(self, booking, at: datetime) -> None:
        self.session.add(Document(user_id=booking.user_id, booking_id=booking.id, kind=DocumentKind.REPORT,
                                  storage_key=f"reports/{booking.reference}-{at.timestamp()}", content_type="application/pdf",
                                  size_bytes=10, sha256="0" * 64, uploaded_by_role=Role.PARTNER_STAFF, created_at=at))

    def score(self, booking, value: int, at: datetime) -> None:
        self.session.add(NpsResponse(booking_id=booking.id, user_id=booking.user_id, score=value, created_at=at))

    def event(self, name: str, user, at: datetime, booking=None, **properties) -> None:
        self.session.add(AnalyticsEvent(name=name, user_id=user.id, booking_id=booking.id if booking else None,
                                        properties=properties, occurred_at=at))


def slot_in_march(factories, center, service, day: int, hour: int = 10):
    return factories.slot(center, service, starts_at=ist(day, hour), capacity=5)

