"""Feedback after a scan: the 0-10 score (and what to improve) recorded against the completed booking."""
from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from sqlalchemy import select

from bot.actions.nudges import refuse
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


class ValidateNpsForm(FormValidationAction):
    def name(self) -> str:
        return "validate_nps_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict) -> list[str]:
        score = read_score(str(tracker.get_slot("nps_score") or ""))
        # Promoters (9-10) are not asked why; everyone else is asked what to improve.
        if score is not None and score >= 9:
            return [s for s in domain_slots if s != "nps_comment"]
        return domain_slots

    def validate_nps_score(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                           domain: dict) -> dict[str, Any]:
        if value is None or not str(value).strip():
            return {"nps_score": None}
        score = read_score(str(value or ""))
        if score is None:
            refuse(dispatcher, tracker, "utter_invalid_score")
        return {"nps_score": None if score is None else str(score)}

    def validate_nps_comment(self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker,
                             domain: dict) -> dict[str, Any]:
        text = " ".join(str(value or "").split())
        return {"nps_comment": "-" if text.lower() in ("skip", "no", "nothing", "kuch nahi", "-") else text[:2000]}


def read_score(text: str) -> int | None:
    """0-10 from '8', '8/10', '10 out of 10'; None for anything else."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*(?:/\s*10|out of 10|outof10)?\s*[.!]?\s*", text.lower())
    if match and 0 <= int(match.group(1)) <= 10:
        return int(match.group(1))
    return None
