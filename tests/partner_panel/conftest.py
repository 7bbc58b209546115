"""Partner panel fixtures: two centers, each with bookings in the states a center's day has, its staff
signed in through the real sign-in flow."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from console.app import create_app
from core.actors import Actor
from core.booking import service as bookings
from core.clock import IST, now_utc
from core.jobs import ThreadJobQueue
from core.models import Role
from core.settings import Settings
from tests.factories import Factories
from wiring.container import build

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@dataclass(frozen=True)
class CenterDay:
    center_id: int
    service_id: int
    partner: object  # the center's staff user
    pending_id: int  # paid, awaiting the center (its scan is tomorrow)
    completed_id: int  # scanned an hour ago
    free_slot_id: int  # tomorrow, nobody on it


def _center_day(session) -> CenterDay:
    f = Factories(session)
    center, service = f.center(), f.service()
    partner = f.staff(Role.PARTNER_STAFF, center=center, is_center_admin=True)
    pending = _booked(session, f, center, service, now_utc() + timedelta(days=1))
    bookings.mark_paid(session, booking_id=pending.id)
    done = _booked(session, f, center, service, now_utc() + timedelta(minutes=5))
    bookings.mark_paid(session, booking_id=done.id)
    bookings.confirm(session, actor=Actor.of(partner), booking_id=done.id)
    bookings.complete(session, actor=Actor.of(partner), booking_id=done.id, now=now_utc() + timedelta(hours=1))
    free = f.slot(center, service, starts_at=_same_day_two_hours_apart(now_utc() + timedelta(days=1)))
    return CenterDay(center.id, service.id, partner, pending.id, done.id, free.id)


def _same_day_two_hours_apart(moment: datetime) -> datetime:
    """Two hours after `moment`, or before it when after would be the next day in India: a test that blocks
    "tomorrow" must find both the pending booking's slot and the free one on it, whenever the suite runs
    (from 22:00 IST, two hours later is the day after)."""
    later = moment + timedelta(hours=2)
    return later if later.astimezone(IST).date() == moment.astimezone(IST).date() else moment - timedelta(hours=2)


def _booked(session, f, center, service, starts_at):
    patient = f.patient()
    slot = f.slot(center, service, starts_at=starts_at)
    return bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                         patient=bookings.PatientDetails(name=f"Asha {patient.id}", age=40))


@pytest.fixture(scope="module")
def container(pg_url, tmp_path_factory):
    """One container (and so one app) per test module: building them is most of a test's cost here, and every
    test makes its own two centers, so nothing one test does is seen by another's assertions."""
    settings = Settings(database_url=pg_url, storage_dir=str(tmp_path_factory.mktemp("files")),
                        secret_key="test-secret", quiet_hours="")
    built = build(settings)
    yield built
    if isinstance(built.jobs, ThreadJobQueue):
        built.jobs.drain()
    built.engine.dispose()


@pytest.fixture(scope="module")
def app(container):
    app = create_app(container)
    app.config.update(TESTING=True)
    return app


@pytest.fixture
def centers(container) -> tuple[CenterDay, CenterDay]:
    """Center A and center B, committed."""
    with container.uow() as uow:
        a, b = _center_day(uow.session), _center_day(uow.session)
        uow.commit()
        return a, b


@pytest.fixture
def partner_a(login, centers):
    """A test client signed in as center A's staff."""
    return login(centers[0].partner)[0]


def post_page_form(client, page: str, form_id: str, *, files: dict | None = None, **fields):
    """Submit the form `form_id` of `page` with its own CSRF field (as a browser would, without following)."""
    html = client.get(page).get_data(as_text=True)
    form = re.search(rf'<form[^>]*id="{form_id}"[^>]*>.*?</form>', html, re.S)
    assert form, f"no form {form_id} on {page}"
    action = re.search(r'action="([^"]+)"', form.group(0)).group(1).replace("&amp;", "&")
    csrf = re.search(r'name="([\w-]*csrf_token)" type="hidden" value="([^"]+)"', form.group(0))
    data = {csrf.group(1): csrf.group(2), **fields, **(files or {})}
    return client.post(action, data=data, content_type="multipart/form-data" if files else None)


@dataclass(frozen=True)
class Owned:
    """Rows of one center that only its own staff may reach."""
    report_id: int
    settlement_id: int
    ticket_id: int


def own_rows(container, day: CenterDay) -> Owned:
    """A report on the completed booking, a settlement statement and an escalation, all of `day`'s center."""
    from datetime import date as _date

    from core import documents, tickets
    from core.actors import SYSTEM
    from core.clock import IST
    from core.payments import settlements
    storage, finance = container.adapters["storage"], container.adapters["finance"]
    partner = Actor.of(day.partner)
    today = now_utc().astimezone(IST).date()
    with container.uow() as uow:
        report = documents.upload_report(uow.session, storage, actor=partner, booking_id=day.completed_id, data=PDF,
                                         content_type="application/pdf", label="MRI")
        statement = settlements.run(uow.session, actor=SYSTEM, center_id=day.center_id, start=_date(2026, 1, 1),
                                    end=today, storage=storage, finance=finance)
        ticket = tickets.escalate_from_center(uow.session, actor=partner, subject="Machine down tomorrow")
        uow.commit()
        return Owned(report.id, statement.id, ticket.id)


def invoice_for(container, booking_id: int, issued) -> str:
    """The GST invoice of a paid booking, issued at `issued`."""
    from core.models import Booking, Payment, PaymentStatus
    from core.payments import fees, invoices
    finance = container.adapters["finance"]
    with container.uow() as uow:
        booking = uow.session.get(Booking, booking_id)
        payment = Payment(booking_id=booking.id, amount_paise=booking.price_paise, provider="sandbox",
                          status=PaymentStatus.PAID)
        uow.session.add(payment)
        uow.session.flush()
        number = invoices.issue_for_payment(uow.session, payment=payment, split=fees.for_booking(booking, finance),
                                            finance=finance, now=issued).number
        uow.commit()
        return number
