"""The refusals a patient can meet while booking carry a code, so the bot can word them in their language."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.actors import Actor
from core.booking import service as bookings
from core.clock import now_utc
from core.errors import SlotUnavailable
from core.models.centers import VerificationStatus

DETAILS = bookings.PatientDetails(name="Anil Verma", age=45)


def _hold(session, patient, slot, now=None):
    return bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id, patient=DETAILS,
                         now=now)


def test_a_full_slot_is_just_taken_and_a_started_one_is_past(session, factories):
    full, patient = factories.slot(), factories.patient()
    _hold(session, factories.patient(), full)
    with pytest.raises(SlotUnavailable) as taken:
        _hold(session, patient, full)
    started = factories.slot(starts_at=now_utc() - timedelta(minutes=5))
    with pytest.raises(SlotUnavailable) as past:
        _hold(session, patient, started)
    assert (taken.value.code, past.value.code) == ("slot_taken", "slot_past")
    assert "was just taken" in str(taken.value)  # the English text everyone else shows is unchanged


def test_a_centre_not_verified_and_a_blocked_slot_say_so(session, factories):
    patient, pending = factories.patient(), factories.center()
    pending.verification_status = VerificationStatus.PENDING
    session.flush()
    with pytest.raises(SlotUnavailable) as closed:
        _hold(session, patient, factories.slot(pending))
    with pytest.raises(SlotUnavailable) as blocked:
        _hold(session, patient, factories.slot(is_blocked=True))
    assert (closed.value.code, blocked.value.code) == ("center_closed", "slot_not_offered")
