"""A center's side of one booking, end to end on Postgres through the real routes: the patient's payment
arrives on the signed payment webhook (the sandbox checkout fires exactly what Razorpay sends), the center
is alerted, confirms in the panel, the patient gets the confirmation with the address; the scan is marked
completed and the report uploaded in the panel; the patient gets the NPS question and the report link, and
the center's Route transfer is released.

The WhatsApp conversation that creates the hold is covered by tests/e2e/test_whatsapp_booking.py (it needs
the trained rasa server); here the hold is made by the same core call the bot's action makes.
"""
from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import select, update

from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.models import (Booking, BookingStatus, Notification, PartnerAccount, Role, RouteStatus, Slot,
                         Transfer)
from core.payments import checkout
from tests.conftest import csrf_token
from tests.factories import Factories
from tests.partner_panel.conftest import PDF, post_page_form


def _messages(container, **where) -> dict[str, str]:
    """{trigger: body} of the notifications queued so far for one recipient."""
    with container.session_factory() as session:
        rows = session.scalars(select(Notification).filter_by(**where).order_by(Notification.id)).all()
        return {n.trigger: n.body for n in rows}


def _world(container):
    with container.uow() as uow:
        f = Factories(uow.session)
        center, service, patient = f.center(), f.service(name="MRI Brain"), f.patient(name="Meera Iyer")
        uow.session.add(PartnerAccount(center_id=center.id, provider_account_id=f"acc_{center.id}",
                                       status=RouteStatus.ACTIVATED))
        partner = f.staff(Role.PARTNER_STAFF, center=center)
        slot = f.slot(center, service, starts_at=now_utc() + timedelta(hours=3), price_paise=450000)
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                patient=bookings.PatientDetails(name="Meera Iyer", age=52))
        payment = checkout.start_checkout(uow.session, booking_id=booking.id, provider=container.adapters["payments"],
                                          finance=container.adapters["finance"])
        uow.commit()
        return center, partner, patient, booking, payment.provider_link_id


def test_paid_booking_to_report_and_released_transfer(app, login, container):
    center, partner, patient, booking, link = _world(container)
    web = app.test_client()

    # The patient pays on the checkout page: the signed webhook marks the booking paid.
    page = web.get(f"/sandbox/pay/{link}").get_data(as_text=True)
    assert web.post(f"/sandbox/pay/{link}", data={"csrf_token": csrf_token(page), "pay": "Pay"}).status_code == 200
    container.jobs.drain()
    assert _status(container, booking.id) is BookingStatus.PENDING
    assert "center_new_booking" in _messages(container, center_id=center.id)  # the center is alerted
    assert "booking_paid" in _messages(container, user_id=patient.id)

    # The center sees it awaiting confirmation and confirms it in the panel.
    desk = login(partner)[0]
    home = desk.get("/partner/").get_data(as_text=True)
    assert booking.reference in home and 'class="badge-new"' in home
    details = f"/partner/bookings/details/?id={booking.id}"
    assert post_page_form(desk, details, "action-confirm").status_code == 302
    container.jobs.drain()
    confirmed = _messages(container, user_id=patient.id)["booking_confirmed"]
    assert center.address in confirmed and "MRI Brain" in confirmed

    # The scan's hour comes; the center marks it completed, then uploads the report.
    _scan_time_arrives(container, booking.slot_id)
    assert post_page_form(desk, details, "action-complete").status_code == 302
    uploaded = post_page_form(desk, details, "report-upload", label="MRI Brain",
                              files={"file": (io.BytesIO(PDF), "mri-brain.pdf", "application/pdf")})
    assert uploaded.status_code == 302
    container.jobs.drain()

    told = _messages(container, user_id=patient.id)
    assert "nps_request" in told
    link_to_report = re.search(r"https?://\S+/files/reports/\S+", told["report_ready"]).group(0)
    report = web.get(link_to_report[link_to_report.index("/files/"):])
    assert report.status_code == 200 and report.data == PDF
    assert report.headers["Content-Disposition"].startswith("attachment")
    with container.session_factory() as session:
        transfer = session.scalar(select(Transfer).where(Transfer.center_id == center.id))
        assert transfer is not None and not transfer.on_hold and transfer.released_at is not None
        assert session.get(Booking, booking.id).status is BookingStatus.COMPLETED
    money = desk.get("/partner/settlements/").get_data(as_text=True)
    assert booking.reference in money and "on hold" not in money  # the center sees its released transfer


def _status(container, booking_id: int) -> BookingStatus:
    with container.session_factory() as session:
        return session.get(Booking, booking_id).status


def _scan_time_arrives(container, slot_id: int) -> None:
    """Time passes: move the scan to half an hour ago (completing a scan before it starts is refused)."""
    with container.uow() as uow:
        start = now_utc() - timedelta(minutes=30)
        uow.session.execute(update(Slot).where(Slot.id == slot_id).values(starts_at=start,
                                                                        ends_at=start + timedelta(minutes=30)))
        uow.commit()
