"""Portal fixtures: a patient whose bookings were made through the same core services as on WhatsApp
(hold, checkout, capture, confirm, complete, report upload), committed on the `container`."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from sqlalchemy import select

from core.actors import Actor
from core.booking import relocate, service as bookings
from core.clock import now_utc
from core.documents import upload_report
from core.models import Booking, Role
from core.models.invoices import Invoice
from core.payments import capture, checkout
from tests.factories import Factories

PDF = b"%PDF-1.4 a scan report\n%%EOF"


@dataclass
class Patient:
    user_id: int
    phone: str
    refs: dict[str, str] = field(default_factory=dict)  # what -> booking reference
    ids: dict[str, int] = field(default_factory=dict)  # booking:<what>, document, invoice


class World:
    """Builds bookings for patients through core, one committed unit of work each."""

    def __init__(self, container) -> None:
        self.c = container

    def patient(self) -> Patient:
        with self.c.session_factory() as session:
            f = Factories(session)
            user = f.patient()
            session.commit()
            return Patient(user.id, user.phone)

    def booking(self, patient: Patient, what: str, *, days: float = 3, paid: bool = True, confirmed: bool = False,
                completed: bool = False, failed: bool = False) -> Booking:
        with self.c.uow() as uow:
            s, f = uow.session, Factories(uow.session)
            center = f.center()
            now = now_utc()
            start = now + timedelta(days=days)
            slot = f.slot(center, starts_at=start)
            f.slot(center, slot.service, starts_at=start + timedelta(hours=2))  # somewhere to reschedule to
            partner = Actor.of(f.staff(Role.PARTNER_STAFF, center=center))
            hold_at = min(now, start - timedelta(hours=1))
            booking = bookings.hold(s, actor=Actor(Role.PATIENT, patient.user_id), user_id=patient.user_id,
                                    slot_id=slot.id, patient=bookings.PatientDetails(name="Asha Rao"),
                                    now=hold_at, hold_minutes=60 if hold_at == now else 10)
            if paid or failed:
                payment = checkout.start_checkout(s, booking_id=booking.id, provider=self.c.adapters["payments"],
                                                  finance=self.c.adapters["finance"], now=hold_at)
                if failed:
                    capture.failed(s, payment_id=payment.id, reason="card declined", now=hold_at)
                else:
                    capture.captured(s, payment_id=payment.id, provider_payment_id=f"pay_{payment.id}",
                                     amount_paise=payment.amount_paise, finance=self.c.adapters["finance"], now=hold_at)
            if confirmed or completed:
                bookings.confirm(s, actor=partner, booking_id=booking.id, now=hold_at)
            if completed:
                bookings.complete(s, actor=partner, booking_id=booking.id, now=start + timedelta(minutes=40))
                doc = upload_report(s, self.c.adapters["storage"], actor=partner, booking_id=booking.id,
                                    data=PDF + str(booking.id).encode(), content_type="application/pdf")
                patient.ids["document"] = doc.id
                patient.ids["invoice"] = s.scalar(select(Invoice.id).where(Invoice.booking_id == booking.id))
            uow.commit()
            patient.refs[what], patient.ids[f"booking:{what}"] = booking.reference, booking.id
            return booking

    def moved_to_a_dearer_center(self, patient: Patient, what: str) -> int:
        """Support moves the paid booking `what` to a dearer center and the patient pays the difference;
        returns the difference's supplementary (top-up) invoice."""
        c = self.c.adapters
        with self.c.uow() as uow:
            s, f = uow.session, Factories(uow.session)
            booking = s.get(Booking, patient.ids[f"booking:{what}"])
            dearer = f.slot(f.center(booking.center.city), booking.service, starts_at=booking.slot.starts_at,
                            price_paise=booking.price_paise + 150000)
            moved = relocate.reschedule(s, actor=Actor.of(f.staff(Role.SUPPORT_AGENT)), booking_id=booking.id,
                                        new_slot_id=dearer.id, reason="nearer home", finance=c["finance"],
                                        provider=c["payments"])
            capture.captured(s, payment_id=moved.payment.id, provider_payment_id=f"pay_{moved.payment.id}",
                             amount_paise=moved.payment.amount_paise, finance=c["finance"], now=now_utc())
            uow.commit()
            return s.scalar(select(Invoice.id).where(Invoice.payment_id == moved.payment.id))


@pytest.fixture
def world(container) -> World:
    return World(container)


@pytest.fixture
def asha(world) -> Patient:
    """A patient with an upcoming paid booking, a confirmed one, a failed payment and a completed scan
    with its report and invoice."""
    patient = world.patient()
    world.booking(patient, "pending", days=3)
    world.booking(patient, "confirmed", days=2, confirmed=True)
    world.booking(patient, "failed", days=5, paid=False, failed=True)
    world.booking(patient, "done", days=-2, completed=True)
    world.c.jobs.drain()  # the outbox's own reactions (a new link after the failure) happen before the test
    return patient


@pytest.fixture
def signed_in(app, container, login_phone):
    """`client = signed_in(patient)`: a test client signed in by phone OTP as that patient."""
    def sign_in(patient: Patient):
        client = app.test_client()
        login_phone(client, patient.phone)
        return client
    return sign_in


@pytest.fixture
def login_phone(container):
    from tests.conftest import otp_sign_in

    def sign_in(client, phone: str):
        response = otp_sign_in(client, container, phone)
        assert response.status_code == 302, response.get_data(as_text=True)
    return sign_in
