"""The console's display rules: IST, rupees with Indian grouping, enum labels, the booking timeline."""
from datetime import datetime, timezone

import pytest

from console import display
from core.models import BookingStatus, BookingStatusChange, Role, Tier
from core.models.payments import PaymentFlag

S = BookingStatus


def test_times_are_shown_in_india_and_say_so():
    assert display.ist(datetime(2026, 6, 1, 15, 0, tzinfo=timezone.utc)) == "01 Jun 2026, 08:30 PM IST"


def test_naive_times_are_read_as_utc():
    assert display.ist(datetime(2026, 6, 1, 15, 0)) == "01 Jun 2026, 08:30 PM IST"


@pytest.mark.parametrize("paise, shown", [(12345600, "₹1,23,456"), (50000, "₹500"), (123456789, "₹12,34,568"),
                                          (99, "₹1"), (0, "₹0")])
def test_rupees_use_indian_grouping_and_never_show_paise(paise, shown):
    assert display.rupees(paise) == shown


def test_staff_see_the_real_booking_state_in_words():
    assert [display.label(s) for s in (S.HELD, S.PENDING, S.CONFIRMED, S.NO_SHOW)] == [
        "Awaiting payment", "Awaiting center", "Confirmed", "No-show"]


def test_patients_see_only_four_labels():
    assert {display.patient_status(s) for s in S} == {"Pending", "Confirmed", "Completed", "Cancelled"}


@pytest.mark.parametrize("member, shown", [(Role.OPS_MANAGER, "Ops manager"), (Tier.PRO, "Pro"),
                                           (PaymentFlag.LATE_SLOT_TAKEN, "Paid after the slot was taken")])
def test_every_enum_gets_a_human_label(member, shown):
    assert display.label(member) == shown


def test_history_reads_as_a_timeline_with_names():
    at = datetime(2026, 6, 1, 3, 0, tzinfo=timezone.utc)
    changes = [BookingStatusChange(from_status=None, to_status=S.HELD, actor_id=7, actor_role=Role.PATIENT, at=at),
               BookingStatusChange(from_status=S.HELD, to_status=S.PENDING, actor_role=Role.SYSTEM, at=at,
                                   reason="payment received")]
    first, second = display.timeline(changes, {7: "Asha Rao"})
    assert (first.at, first.text, first.who) == ("01 Jun 2026, 08:30 AM IST", "Booked (Awaiting payment)",
                                                 "Asha Rao (Patient)")
    assert (second.text, second.who, second.reason) == ("Awaiting payment → Awaiting center",
                                                        "MedEzy (automatic)", "payment received")
