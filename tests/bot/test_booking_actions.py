"""Booking actions on real Trackers and Postgres: real options, the pick, the summary, the hold and its link."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot import texts
from bot.actions.booking import ConfirmBooking, HoldSlot, SearchSlots
from bot.actions.menu import SelectOption
from core.clock import IST, now_utc
from core.models.bookings import Booking, BookingStatus
from core.models.centers import Center, VerificationStatus
from core.models.payments import Payment, PaymentStatus
from core.models.slots import Slot
from core.payments.provider import ProviderError


@pytest.fixture
def clinic(committed):
    """A verified centre in its own city offering one scan, with six slots tomorrow evening (IST)."""
    city = committed.city()
    center = committed.center(city, area="Baner")
    service = committed.service(code=f"MRI-TEST-{city.id}")
    tomorrow = (now_utc().astimezone(IST) + timedelta(days=1)).date()
    slots = [committed.slot(center, service, price_paise=550000,
                            starts_at=datetime(tomorrow.year, tomorrow.month, tomorrow.day, 16, 30 * i, tzinfo=IST)
                            if i < 2 else datetime(tomorrow.year, tomorrow.month, tomorrow.day, 15 + i, 0, tzinfo=IST))
             for i in range(6)]
    return city, center, service, slots, tomorrow


def _window(day, start_hour: int, end_hour: int) -> dict:
    return {"when_start": datetime(day.year, day.month, day.day, start_hour, tzinfo=IST).isoformat(),
            "when_end": datetime(day.year, day.month, day.day, end_hour, tzinfo=IST).isoformat()}


def _searched(chat, clinic) -> dict:
    city, _, service, _, day = clinic
    return {"service": service.name, "service_code": service.code, "city": city.name, **_window(day, 16, 20)}


def test_search_offers_up_to_five_real_options_as_a_numbered_menu(chat, clinic):
    reply = chat.run(SearchSlots(), "kal shaam", slots=_searched(chat, clinic), latest_action="booking_form")

    assert reply.slots["search_status"] == "found"
    assert reply.slots["menu_context"] == "slots"
    offered = [int(i) for i in reply.slots["offered_slot_ids"]]
    assert 3 <= len(offered) <= 5
    assert set(offered) <= {s.id for s in clinic[3]}
    assert "1. " in reply.text and "Lotus Diagnostics" in reply.text and ", Baner · ₹5,500" in reply.text
    assert "4:30 pm" in reply.text


def test_search_with_nothing_in_the_window_offers_the_nearest_free_slots(chat, clinic):
    reply = chat.run(SearchSlots(), slots={**_searched(chat, clinic), **_window(clinic[4], 7, 9)})

    assert reply.slots["search_status"] == "found"
    assert reply.text.startswith("Nothing free")


def test_a_full_week_offers_the_next_free_slots_later_in_the_month(chat, committed):
    city, service = committed.city(), committed.service()
    center = committed.center(city, area="Baner")
    later = committed.slot(center, service, starts_at=now_utc() + timedelta(days=12))
    far = (now_utc() + timedelta(days=3)).astimezone(IST).date()

    reply = chat.run(SearchSlots(), slots={"service": service.name, "service_code": service.code,
                                          "city": city.name, **_window(far, 9, 12)})

    assert reply.slots["search_status"] == "found"
    assert reply.slots["offered_slot_ids"] == [str(later.id)]
    assert reply.text.startswith("Nothing free")


def test_no_slot_in_the_city_names_other_cities_and_asks_for_a_city(chat, committed):
    city, elsewhere, service = committed.city(), committed.city(), committed.service()
    committed.slot(committed.center(elsewhere, area="Salt Lake"), service, starts_at=now_utc() + timedelta(days=5))
    far = (now_utc() + timedelta(days=3)).astimezone(IST).date()

    reply = chat.run(SearchSlots(), slots={"service": service.name, "service_code": service.code,
                                          "city": city.name, **_window(far, 9, 12)})

    assert reply.slots["search_status"] == "none"
    assert reply.slots["city"] is None and "preferred_when" not in reply.slots
    assert f"{elsewhere.name}: from " in reply.text and "agent" in reply.text


def test_a_bare_number_picks_that_option_of_the_slots_menu(chat, clinic):
    chat.run(SearchSlots(), slots=_searched(chat, clinic))
    second = chat.slots["offered_slot_ids"][1]

    reply = chat.run(SelectOption(), "2", intent="choose_option")

    assert reply.slots["menu_choice"] == "slot"
    assert reply.slots["selected_slot_id"] == second
    assert "Lotus Diagnostics" in reply.slots["selected_slot_label"]


@pytest.mark.parametrize("words", ["the 6 pm one", "6 baje wala", "shaam 6 baje"])
def test_a_slot_can_be_picked_by_its_time(chat, clinic, words):
    chat.run(SearchSlots(), slots=_searched(chat, clinic))
    six = next(s for s in clinic[3] if s.starts_at.astimezone(IST).hour == 18)

    reply = chat.run(SelectOption(), words, intent="choose_option")

    assert reply.slots["selected_slot_id"] == str(six.id)


def test_the_last_one_is_the_last_listed(chat, clinic):
    chat.run(SearchSlots(), slots=_searched(chat, clinic))

    reply = chat.run(SelectOption(), "the last one", intent="choose_option")

    assert reply.slots["selected_slot_id"] == chat.slots["offered_slot_ids"][-1]


def test_a_number_outside_the_menu_is_refused_and_the_menu_kept(chat, clinic):
    chat.run(SearchSlots(), slots=_searched(chat, clinic))

    reply = chat.run(SelectOption(), "9", intent="choose_option")

    assert reply.slots == {"menu_choice": "invalid"}
    assert "from 1 to" in reply.text


def _picked(chat, clinic, **patient) -> None:
    chat.run(SearchSlots(), slots=_searched(chat, clinic))
    chat.run(SelectOption(), "1", intent="choose_option")
    chat.slots.update({"who_for": "family", "patient_name": "Sunita Sharma", "patient_age": "62",
                       "patient_sex": "female", **patient})


def test_the_summary_shows_scan_slot_patient_and_price(chat, clinic):
    _picked(chat, clinic)

    reply = chat.run(ConfirmBooking(), "")

    assert reply.slots == {"menu_context": "confirm"}
    assert "Sunita Sharma (62, F)" in reply.text and "₹5,500" in reply.text
    assert "Total to pay: ₹5,500 (scan ₹4,675 + MedEzy booking fee ₹825" in reply.text  # basic tier: 15%
    assert "1. Confirm & pay" in reply.text


def test_confirming_holds_the_slot_and_sends_a_link_that_expires_with_the_hold(chat, clinic, container, read):
    _picked(chat, clinic)
    slot_id = int(chat.slots["selected_slot_id"])

    reply = chat.run(HoldSlot(), "haan", intent="affirm")

    assert reply.slots["hold_status"] == "held"
    with read() as session:
        booking = session.scalar(select(Booking).where(Booking.reference == reply.slots["booking_ref"]))
        payment = session.scalar(select(Payment).where(Payment.booking_id == booking.id))
        assert (booking.status, booking.slot_id, booking.user_id) == (BookingStatus.HELD, slot_id, chat.user.id)
        assert (booking.patient_name, booking.patient_age, booking.patient_sex.value) == ("Sunita Sharma", 62, "female")
        held_for = booking.hold_expires_at - booking.created_at
        assert held_for == timedelta(minutes=container.settings.hold_minutes)
        assert payment.status is PaymentStatus.CREATED and payment.expires_at == booking.hold_expires_at
        assert session.get(Slot, slot_id).claimed == 1
    assert reply.slots["payment_link"] == payment.link_url and payment.link_url in reply.text
    assert booking.reference in reply.text
    assert reply.slots["service"] is None and reply.slots["who_for"] is None  # the next booking starts clean


def test_a_slot_taken_meanwhile_offers_the_next_ones_and_books_nothing(chat, clinic, committed, read):
    _picked(chat, clinic)
    slot = committed.session.get(Slot, int(chat.slots["selected_slot_id"]))
    slot.claimed = slot.capacity
    committed.session.commit()

    reply = chat.run(HoldSlot(), "haan", intent="affirm")

    assert reply.slots == {"hold_status": "taken", "selected_slot_id": None}
    assert "was just taken" in reply.text
    with read() as session:
        assert session.scalar(select(Booking).where(Booking.user_id == chat.user.id)) is None


def test_a_centre_that_stopped_taking_bookings_is_explained_in_hindi(chat, clinic, committed, read):
    _picked(chat, clinic)
    center = committed.session.get(Center, clinic[1].id)
    center.verification_status = VerificationStatus.PENDING
    committed.session.commit()
    chat.slots["reply_language"] = "hi"

    reply = chat.run(HoldSlot(), "हाँ", intent="affirm")

    assert reply.slots == {"hold_status": "taken", "selected_slot_id": None}
    assert reply.text == texts.text("slot_refused", "hi", reason=texts.text("refusal_center_closed", "hi"))
    with read() as session:
        assert session.scalar(select(Booking).where(Booking.user_id == chat.user.id)) is None


def test_a_payment_link_failure_leaves_no_hold_behind(chat, clinic, container, read, monkeypatch):
    _picked(chat, clinic)
    slot_id = int(chat.slots["selected_slot_id"])

    def refuse(request):
        raise ProviderError("gateway down", retryable=True)
    monkeypatch.setattr(container.adapters["payments"], "create_link", refuse)

    reply = chat.run(HoldSlot(), "1", intent="choose_option")

    assert reply.slots == {"hold_status": "failed"}
    assert "couldn't create the payment link" in reply.text
    with read() as session:
        assert session.get(Slot, slot_id).claimed == 0
        assert session.scalar(select(Booking).where(Booking.user_id == chat.user.id)) is None
