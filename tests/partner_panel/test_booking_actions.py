"""The partner booking page offers only the moves legal now (core refuses the rest): confirm, reschedule to
another slot of the same center, cancel with a reason, check in on the day, complete, no-show."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta

from sqlalchemy import select

from core.actors import Actor
from core.booking import service as bookings
from core.clock import IST, now_utc
from core.models import Booking, BookingStatus
from tests.factories import Factories
from tests.partner_panel.conftest import post_page_form


def _offered(client, booking_id: int) -> list[str]:
    page = client.get(f"/partner/bookings/details/?id={booking_id}").get_data(as_text=True)
    return re.findall(r'id="action-([a-z_]+)"', page)


def _status(container, booking_id: int) -> BookingStatus:
    with container.session_factory() as session:
        return session.get(Booking, booking_id).status


def _confirmed_later_today(container, day) -> int:
    """A confirmed booking whose scan is later today (IST), at A's center."""
    now = now_utc()
    last = datetime.combine(now.astimezone(IST).date(), time(23, 59), tzinfo=IST)
    with container.uow() as uow:
        f = Factories(uow.session)
        from core.models import Center, Service
        center, service = uow.session.get(Center, day.center_id), uow.session.get(Service, day.service_id)
        patient = f.patient()
        slot = f.slot(center, service, starts_at=min(now + timedelta(minutes=30), last))
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                patient=bookings.PatientDetails(name="Ravi Kumar"))
        bookings.mark_paid(uow.session, booking_id=booking.id)
        bookings.confirm(uow.session, actor=Actor.of(day.partner), booking_id=booking.id)
        uow.commit()
        return booking.id


def test_a_paid_booking_offers_confirm_reschedule_and_cancel_but_not_the_visit_moves(partner_a, centers):
    assert _offered(partner_a, centers[0].pending_id) == ["confirm", "reschedule", "cancel"]


def test_confirm_in_the_panel_confirms(partner_a, centers, container):
    a = centers[0]
    response = post_page_form(partner_a, f"/partner/bookings/details/?id={a.pending_id}", "action-confirm")
    assert response.status_code == 302 and _status(container, a.pending_id) is BookingStatus.CONFIRMED


def test_reschedule_offers_only_free_slots_of_the_same_center_and_moves_the_booking(partner_a, centers, container):
    a, b = centers
    page = partner_a.get(f"/partner/bookings/details/?id={a.pending_id}").get_data(as_text=True)
    picker = re.search(r'<select id="reschedule-new_slot_id"[^>]*>(.*?)</select>', page, re.S).group(1)
    options = re.findall(r'value="(\d+)"', picker)
    assert str(a.free_slot_id) in options and str(b.free_slot_id) not in options
    post_page_form(partner_a, f"/partner/bookings/details/?id={a.pending_id}", "action-reschedule",
                   **{"reschedule-new_slot_id": str(a.free_slot_id), "reschedule-reason": ""})
    with container.session_factory() as session:
        assert session.get(Booking, a.pending_id).slot_id == a.free_slot_id


def test_a_slot_of_another_center_is_refused_by_core(partner_a, centers, container):
    a, b = centers
    post_page_form(partner_a, f"/partner/bookings/details/?id={a.pending_id}", "action-reschedule",
                   **{"reschedule-new_slot_id": str(b.free_slot_id)})
    with container.session_factory() as session:
        assert session.get(Booking, a.pending_id).slot_id != b.free_slot_id


def test_cancel_needs_a_reason_and_then_cancels(partner_a, centers, container):
    a = centers[0]
    page = f"/partner/bookings/details/?id={a.pending_id}"
    post_page_form(partner_a, page, "action-cancel", **{"cancel-reason": "  "})
    assert _status(container, a.pending_id) is BookingStatus.PENDING
    post_page_form(partner_a, page, "action-cancel", **{"cancel-reason": "MRI machine under repair"})
    assert _status(container, a.pending_id) is BookingStatus.CANCELLED


def test_check_in_is_offered_on_the_day_and_recorded_once(partner_a, centers, container):
    booking_id = _confirmed_later_today(container, centers[0])
    assert "check_in" in _offered(partner_a, booking_id)
    assert "check_in" not in _offered(partner_a, centers[0].pending_id)  # tomorrow's scan
    post_page_form(partner_a, f"/partner/bookings/details/?id={booking_id}", "action-check_in")
    with container.session_factory() as session:
        assert session.get(Booking, booking_id).checked_in_at is not None
    assert "check_in" not in _offered(partner_a, booking_id)


def test_an_illegal_move_forced_by_hand_is_refused_by_core(partner_a, centers, container):
    """A completed booking offers nothing; posting 'confirm' anyway changes nothing."""
    a = centers[0]
    assert _offered(partner_a, a.completed_id) == []
    html = partner_a.get(f"/partner/bookings/details/?id={a.pending_id}").get_data(as_text=True)
    token = re.search(r'name="confirm-csrf_token" type="hidden" value="([^"]+)"', html).group(1)
    response = partner_a.post(f"/partner/bookings/act/confirm/?id={a.completed_id}",
                              data={"confirm-csrf_token": token}, follow_redirects=True)
    assert response.status_code == 200 and "is completed" in response.get_data(as_text=True)
    assert _status(container, a.completed_id) is BookingStatus.COMPLETED


def test_contact_patient_relays_through_medezy_without_showing_the_number(partner_a, centers, container):
    from core.models import Notification
    a = centers[0]
    with container.session_factory() as session:
        phone = session.get(Booking, a.pending_id).user.phone
    page = partner_a.get(f"/partner/bookings/details/?id={a.pending_id}").get_data(as_text=True)
    assert phone not in page and phone[-4:] in page
    post_page_form(partner_a, f"/partner/bookings/details/?id={a.pending_id}", "contact-patient",
                   channel="whatsapp", text="Please bring your old MRI films.")
    with container.session_factory() as session:
        sent = session.scalars(select(Notification).where(Notification.booking_id == a.pending_id,
                                                          Notification.trigger == "manual")).all()
    assert [n.address for n in sent] == [phone]
