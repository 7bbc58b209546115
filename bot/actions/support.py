"""People and paperwork: the session start, handing the chat to our support team, prescriptions."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.runtime import PatientAction, Turn, metadata
from core import tickets
from core.booking import queries
from core.clock import IST
from core.errors import NotFound

SUPPORT_HOURS = range(9, 21)  # 9 am - 9 pm India time
NOT_CARRIED = {"requested_slot", "session_started_metadata"}


class SessionStart(Action):
    """A new rasa session: keep the slots, and note the phone and name the gateway sent."""

    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        carried = [SlotSet(k, v) for k, v in tracker.slots.items() if v is not None and k not in NOT_CARRIED]
        meta = tracker.get_slot("session_started_metadata") or {}
        noted = (("user_phone", "phone"), ("user_display_name", "profile_name"))
        seen = [SlotSet(slot, meta[key]) for slot, key in noted if meta.get(key)]
        return [SessionStarted(), *carried, *seen, ActionExecuted("action_listen")]


def hand_over(turn: Turn, subject: str) -> list[dict]:
    """Open (or reuse) a ticket and stop the bot on this chat until an agent picks it up."""
    conversation_id = metadata(turn.tracker).get("conversation_id")
    booking_id = _booking_id(turn)
    if conversation_id:
        tickets.hand_to_support(turn.session, actor=turn.actor, conversation_id=int(conversation_id),
                                subject=subject, booking_id=booking_id)
    else:  # no gateway conversation (a direct REST client): the ticket still reaches support
        tickets.open_ticket(turn.session, actor=turn.actor, user_id=turn.user.id, subject=subject,
                            booking_id=booking_id)
    in_hours = turn.now.astimezone(IST).hour in SUPPORT_HOURS
    turn.respond("utter_handoff" if in_hours else "utter_handoff_after_hours")
    return [SlotSet("fallback_count", 0), SlotSet("pending_action", None)]


def _booking_id(turn: Turn) -> int | None:
    reference = turn.slot("booking_ref")
    if not reference:
        return None
    try:
        return queries.get_by_reference(turn.session, actor=turn.actor, reference=reference).id
    except NotFound:
        return None


class HandoffToHuman(PatientAction):
    def name(self) -> str:
        return "action_handoff_to_human"

    def act(self, turn: Turn) -> list[dict]:
        said = f": “{turn.text[:150]}”" if turn.text and turn.intent == "talk_to_human" else ""
        return hand_over(turn, f"Patient asked for a person on WhatsApp{said}")


class UploadPrescription(PatientAction):
    """'Here is my prescription': the gateway stored and acknowledged any file; otherwise say how to send one."""

    def name(self) -> str:
        return "action_upload_prescription"

    def act(self, turn: Turn) -> list[dict]:
        if not metadata(turn.tracker).get("media"):
            turn.respond("utter_upload_prescription")
        return []
