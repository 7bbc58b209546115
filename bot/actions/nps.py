"""Feedback after a scan: the 0-10 score (and what to improve) recorded against the completed booking."""
from __future__ import annotations

import logging

from rasa_sdk.events import SlotSet
from sqlalchemy import select

from bot.actions.forms import read_score
from bot.actions.runtime import PatientAction, Turn
from core import feedback
from core.models.bookings import Booking, BookingStatus
from core.models.feedback import NpsResponse

log = logging.getLogger(__name__)
FORGET = [SlotSet("nps_score", None), SlotSet("nps_comment", None)]  # the next request asks afresh


class RecordNps(PatientAction):
    def name(self) -> str:
        return "action_record_nps"

    def act(self, turn: Turn) -> list[dict]:
        score = read_score(str(turn.slot("nps_score") or turn.text))
        booking = _rated_booking(turn)
        if score is None or booking is None:
            # utter_nps_thanks follows either way; an unusable score is not worth a second question.
            log.info("nps from user %s not recorded (score %r, booking %s)", turn.user.id, score, booking)
            return FORGET
        comment = turn.slot("nps_comment")
        feedback.record_nps(turn.session, actor=turn.actor, booking_id=booking.id, score=score,
                            comment=None if comment in (None, "-") else comment)
        return FORGET


def _rated_booking(turn: Turn) -> Booking | None:
    """The completed booking the request named, else the patient's latest completed one not yet rated."""
    done = select(Booking).where(Booking.user_id == turn.user.id, Booking.status == BookingStatus.COMPLETED)
    reference = turn.slot("booking_ref")
    if reference:
        named = turn.session.scalar(done.where(Booking.reference == reference.upper()))
        if named is not None:
            return named
    unrated = done.where(~select(NpsResponse.id).where(NpsResponse.booking_id == Booking.id).exists())
    return turn.session.scalar(unrated.order_by(Booking.completed_at.desc().nullslast(), Booking.id.desc()).limit(1))
