"""Fixtures of the admin insight pages: staff of every role, and a hand-made March in a year no other test
uses (each test gets its own year, since these tests commit to the shared database)."""
from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass
from datetime import datetime

import pytest

from core.clock import IST
from core.models import AnalyticsEvent, Booking, BookingStatus as S, Payment, Role
from core.models.payments import PaymentStatus
from tests.factories import Factories

_years = itertools.count(1971)
_refs = itertools.count(1)


@dataclass
class KnownMarch:
    """What was made, and the figures it must give (counted by hand in `known_march`)."""
    year: int
    pune: str
    delhi: str
    mri: str
    ct: str
    centers: list
    patients: list

    def ist(self, day: int, hour: int = 10, minute: int = 0) -> datetime:
        return datetime(self.year, 3, day, hour, minute, tzinfo=IST)

    @property
    def query(self) -> str:
        return f"start={self.year}-03-01&end={self.year}-03-31"


@pytest.fixture
def staff(container):
    """One user of each staff role (the partner at a center of its own)."""
    with container.session_factory() as session:
        f = Factories(session)
        center = f.center()
        people = {role: f.staff(role, center=center if role is Role.PARTNER_STAFF else None)
                  for role in (Role.SUPER_ADMIN, Role.OPS_MANAGER, Role.FINANCE, Role.MARKETING, Role.SUPPORT_AGENT,
                               Role.PARTNER_STAFF)}
        session.commit()
        return people


@pytest.fixture
def known_march(container) -> KnownMarch:
    """Pune (MRI) and Delhi (CT): paid bookings on the 1st (1 MRI, Rs 5,000), the 4th (2 MRI Rs 5,000 +
    1 CT Rs 2,000) and the 31st at 22:30 IST (1 CT Rs 2,000); one hold never paid (not a booking).
    GMV Rs 19,000. Funnel (MRI, on WhatsApp): 3 viewed, 2 checked slots, 1 started a booking."""
    year = next(_years)
    with container.session_factory() as session:
        f = Factories(session)
        pune, delhi = f.city(f"Pune {year}"), f.city(f"Delhi {year}")
        mri, ct = f.service(name=f"MRI Brain {year}"), f.service(name=f"CT Chest {year}")
        a, b = f.center(pune), f.center(delhi)
        patients = [f.patient() for _ in range(3)]
        made = KnownMarch(year, pune.name, delhi.name, mri.name, ct.name, [a.id, b.id], [p.id for p in patients])
        slot_a = f.slot(a, mri, starts_at=made.ist(20), capacity=9)
        slot_b = f.slot(b, ct, starts_at=made.ist(20), capacity=9)
        for slot, day, hour, price in [(slot_a, 1, 10, 500000), (slot_a, 4, 9, 500000), (slot_a, 4, 11, 500000),
                                       (slot_b, 4, 12, 200000), (slot_b, 31, 22, 200000)]:
            _paid(session, slot, patients[0], made.ist(day, hour), made.ist(day, hour, 30), price)
        _paid(session, slot_b, patients[1], made.ist(5), None, 200000)
        for user, steps in [(patients[0], 3), (patients[1], 2), (patients[2], 1)]:
            for name in ("service_viewed", "slot_checked", "booking_initiated")[:steps]:
                session.add(AnalyticsEvent(name=name, user_id=user.id, occurred_at=made.ist(6),
                                           properties={"service_id": mri.id, "channel": "whatsapp"}))
        session.commit()
    return made


def _paid(session, slot, patient, created, paid, price) -> Booking:
    booking = Booking(reference=f"KM{next(_refs):08d}", user_id=patient.id, slot_id=slot.id, center_id=slot.center_id,
                      service_id=slot.service_id, status=S.PENDING if paid else S.EXPIRED, price_paise=price,
                      patient_name=patient.name, source="whatsapp", created_at=created, paid_at=paid)
    session.add(booking)
    session.flush()
    if paid:
        session.add(Payment(booking_id=booking.id, amount_paise=price, provider="sandbox", status=PaymentStatus.PAID,
                            paid_at=paid, created_at=created))
    return booking


def inlined(page: str, element_id: str) -> dict:
    """The JSON a page inlines in <script type="application/json" id=...>."""
    found = re.search(rf'<script type="application/json" id="{element_id}"[^>]*>(.*?)</script>', page, re.S)
    assert found, f"no #{element_id} on the page"
    return json.loads(found.group(1))
