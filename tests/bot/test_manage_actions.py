"""My bookings, details, payment status, cancel and reschedule, on real Trackers and Postgres."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.actions.changes import CancelBooking, RescheduleBooking
from bot.actions.manage import BookingDetails, MyBookings, PaymentStatusAction
from bot.actions.menu import SelectOption
from core.actors import Actor
from core.booking import service as bookings
from core.models.bookings import Booking, BookingStatus
from core.models.payments import Payment
from core.models.users import Role

OPS = Actor(Role.OPS_MANAGER)


def test_my_bookings_lists_them_with_the_four_patient_labels(chat, book):
    held, confirmed, cancelled = book(), book(BookingStatus.CONFIRMED), book(BookingStatus.CANCELLED)

    reply = chat.run(MyBookings(), "meri booking dikhao", intent="my_bookings")

    assert reply.slots["menu_context"] == "bookings"
    assert set(reply.slots["menu_items"]) == {held.reference, confirmed.reference, cancelled.reference}
    assert f"{held.reference} · " in reply.text and "· Pending" in reply.text
    assert "· Confirmed" in reply.text and "· Cancelled" in reply.text


def test_no_bookings_offers_to_book(chat):
    assert chat.run(MyBookings(), "my bookings").responses == ["utter_no_bookings"]


def test_picking_a_booking_from_the_list_opens_it(chat, book):
    booking = book()
    chat.run(MyBookings(), "my bookings")

    picked = chat.run(SelectOption(), "1", intent="choose_option")
    details = chat.run(BookingDetails(), "1")

    assert picked.slots == {"booking_ref": booking.reference, "menu_choice": "booking"}
    assert booking.reference in details.text


def test_details_show_only_the_area_until_the_centre_confirms(chat, book):
    held = book()
    reply = chat.run(BookingDetails(), held.reference, slots={"booking_ref": held.reference})

    assert held.center.area in reply.text and held.center.address not in reply.text
    assert "full address after the centre confirms" in reply.text
    assert "/sandbox/pay/" in reply.text  # the live payment link again


def test_confirmed_details_give_the_full_address_and_preparation(chat, book):
    confirmed = book(BookingStatus.CONFIRMED)
    reply = chat.run(BookingDetails(), confirmed.reference, slots={"booking_ref": confirmed.reference})

    assert confirmed.center.address in reply.text and confirmed.center.pincode in reply.text
    assert "Preparation: Remove metal objects." in reply.text


def test_another_patients_booking_reads_as_not_found(chat, book, committed):
    other = committed.patient()
    slot = committed.slot()
    theirs = bookings.hold(committed.session, actor=Actor.of(other), user_id=other.id, slot_id=slot.id,
                           patient=bookings.PatientDetails(name="Someone Else"))
    committed.session.commit()

    reply = chat.run(BookingDetails(), theirs.reference, slots={"booking_ref": theirs.reference})

    assert "couldn't find booking" in reply.text and "Someone Else" not in reply.text


def test_payment_status_of_a_held_booking_resends_its_link(chat, book, read):
    held = book()
    reply = chat.run(PaymentStatusAction(), "payment status", intent="payment_status")

    with read() as session:
        link = session.scalar(select(Payment.link_url).where(Payment.booking_id == held.id))
    assert "payment pending" in reply.text and link in reply.text


def test_cancel_asks_first_and_says_nothing_was_charged_for_an_unpaid_hold(chat, book, read):
    held = book()
    asked = chat.run(CancelBooking(), f"cancel {held.reference}", intent="cancel_booking",
                     slots={"booking_ref": held.reference})
    assert asked.slots["pending_action"] == "cancel"
    assert "Nothing was charged" in asked.text and "*yes*" in asked.text

    done = chat.run(CancelBooking(), "haan", intent="affirm")

    assert done.slots == {"pending_action": None}
    assert done.text.startswith("Cancelled ✅")
    with read() as session:
        assert session.get(Booking, held.id).status is BookingStatus.CANCELLED


def test_cancelling_a_paid_booking_a_day_ahead_states_the_policy_refund(chat, book):
    paid = book(BookingStatus.PENDING, days=3)
    reply = chat.run(CancelBooking(), "cancel", intent="cancel_booking", slots={"booking_ref": paid.reference})

    # Basic tier: 15% platform fee kept, 100% of the partner's share back (₹5,000 -> ₹4,250).
    assert "Refund: ₹4,250 (100% of the scan price; the booking fee of ₹750 is kept)" in reply.text


def test_no_keeps_the_booking(chat, book, read):
    held = book()
    chat.run(CancelBooking(), "cancel", intent="cancel_booking", slots={"booking_ref": held.reference})

    reply = chat.run(CancelBooking(), "nahi", intent="deny")

    assert reply.responses == ["utter_cancel_kept"] and reply.slots == {"pending_action": None}
    with read() as session:
        assert session.get(Booking, held.id).status is BookingStatus.HELD


def test_reschedule_offers_slots_at_the_same_centre_and_moves_the_booking(chat, book, committed, read):
    booking = book(BookingStatus.CONFIRMED, days=2)
    same = committed.slot(booking.center, booking.service, starts_at=booking.slot.starts_at + timedelta(days=1))
    committed.slot(service=booking.service, starts_at=same.starts_at)  # another centre: never offered

    asked = chat.run(RescheduleBooking(), "date change karni hai", intent="reschedule_booking")
    assert asked.responses == ["utter_ask_reschedule_when"] and asked.slots["pending_action"] == "reschedule"

    offered = chat.run(RescheduleBooking(), "in 3 days", intent="inform")
    assert offered.slots["offered_slot_ids"] == [str(same.id)]
    assert offered.slots["menu_context"] == "reschedule_slots"

    chat.run(SelectOption(), "1", intent="choose_option")
    moved = chat.run(RescheduleBooking(), "1", intent="choose_option")

    assert moved.slots["pending_action"] is None and moved.text.startswith("Done ✅")
    with read() as session:
        assert session.get(Booking, booking.id).slot_id == same.id


def test_cancel_the_first_one_means_the_first_booking_listed(chat, book):
    first, second = book(days=5), book(days=2)
    listed = chat.run(MyBookings(), "my bookings")
    shown_first = listed.slots["menu_items"][0]

    reply = chat.run(CancelBooking(), "cancel the first one", intent="cancel_booking")

    assert reply.slots["booking_ref"] == shown_first and shown_first in {first.reference, second.reference}
    assert reply.slots["pending_action"] == "cancel"


def test_asked_which_booking_a_number_picks_from_that_list(chat, book):
    book(days=5), book(days=2)
    asked = chat.run(CancelBooking(), "cancel", intent="cancel_booking")

    reply = chat.run(CancelBooking(), "cancel 2", intent="cancel_booking")

    assert reply.slots["booking_ref"] == asked.slots["menu_items"][1]


def test_my_bookings_points_to_the_portal_for_the_full_history(chat, book):
    book()
    reply = chat.run(MyBookings(), "my bookings", intent="my_bookings")
    assert "See all your bookings, reports and invoices: http" in reply.text and reply.text.rstrip().endswith("/me/")
