"""Support panel fixtures: a city with two centers offering one scan at different prices, a paid booking at
the first, the second center's slots, staff of every role, and `act` to post a workspace form with CSRF."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import select

from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.models import Payment, Role
from core.payments import capture, checkout
from tests.conftest import csrf_token
from tests.factories import Factories

CHEAP, DEAR = 400000, 650000  # ₹4,000 at Lotus, ₹6,500 at the other center


@dataclass(frozen=True)
class Case:
    booking_id: int
    reference: str
    patient_id: int
    phone: str
    center_ids: tuple[int, int]
    slot_ids: dict[str, int]  # "same" (another slot at the booking's center), "dear", "cheap_other"
    staff: dict


@pytest.fixture
def case(container) -> Case:
    """A paid ₹4,000 booking at center A; free slots at A (₹4,000) and at B (₹6,500) in the same city."""
    with container.uow() as uow:
        f = Factories(uow.session)
        city, scan = f.city(), f.service()
        a, b = f.center(city, name="Lotus Diagnostics Kothrud"), f.center(city, name="Sahyadri Imaging Baner")
        soon = now_utc() + timedelta(days=2)
        booked = f.slot(a, scan, starts_at=soon, price_paise=CHEAP)
        same = f.slot(a, scan, starts_at=soon + timedelta(hours=2), price_paise=CHEAP)
        dear = f.slot(b, scan, starts_at=soon + timedelta(hours=3), price_paise=DEAR)
        patient = f.patient(name="Asha Rao")
        staff = {role: f.staff(role, center=a if role is Role.PARTNER_STAFF else None)
                 for role in Role if role not in (Role.PATIENT, Role.SYSTEM)}
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=booked.id,
                                patient=bookings.PatientDetails("Asha Rao", age=41))
        uow.commit()
        ids = Case(booking.id, booking.reference, patient.id, patient.phone, (a.id, b.id),
                   {"same": same.id, "dear": dear.id}, staff)
    pay(container, ids.booking_id)
    return ids


def pay(container, booking_id: int) -> Payment:
    """Issue the booking's link and capture it, as the sandbox checkout's webhook would."""
    with container.uow() as uow:
        c = container.adapters
        payment = checkout.start_checkout(uow.session, booking_id=booking_id, provider=c["payments"],
                                          finance=c["finance"])
        capture.captured(uow.session, payment_id=payment.id, provider_payment_id=f"pay_{payment.id}",
                         amount_paise=payment.amount_paise, finance=c["finance"], now=now_utc())
        uow.commit()
        return payment


def payments_of(container, booking_id: int) -> list[Payment]:
    with container.uow() as uow:
        found = list(uow.session.scalars(select(Payment).where(Payment.booking_id == booking_id).order_by(Payment.id)))
        uow.session.expunge_all()
        return found


def workspace_url(case: Case) -> str:
    return f"/support/workspace/{case.booking_id}"


def act(client, case: Case, action: str, **fields):
    """Post one of the workspace's forms with the page's CSRF token; returns the response (not followed)."""
    page = client.get(workspace_url(case))
    assert page.status_code == 200, page.status_code
    token = csrf_token(page.get_data(as_text=True))
    return client.post(f"{workspace_url(case)}/{action}", data={"csrf_token": token, **fields})
