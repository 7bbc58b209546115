"""The reply language, chosen after every patient message with core.languages' rule (the notifications' too).

Rasa runs `action_validate_slot_mappings` after each user message, before any reply, so every response
(the domain's, chosen by the `reply_language` slot, and the actions', rendered from bot.texts) follows it.
"Reply in Hindi" sets the patient's language explicitly; an explicit choice wins over detection.
"""
from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import texts
from bot.actions import running_container
from bot.actions.runtime import identify
from core import languages

LOOK_BACK = 10


def patient_messages(tracker: Tracker, limit: int = LOOK_BACK) -> list[str]:
    """The patient's messages in this conversation, newest first."""
    found = [e.get("text") or "" for e in reversed(tracker.events) if e.get("event") == "user"]
    return found[:limit]


class ChooseLanguage(Action):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        return await asyncio.to_thread(self._run, dispatcher, tracker)

    def _run(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> list[dict[str, Any]]:
        messages = patient_messages(tracker)
        asked = languages.asked_for(messages[0]) if messages else None
        c = running_container()
        with c.uow() as uow:
            user = identify(c, uow.session, tracker)  # None for an unsigned turn: detection only
            if user is not None and asked:
                languages.set_setting(uow.session, user_id=user.id, language=asked)
            setting = languages.setting(uow.session, user_id=user.id) if user is not None else None
            uow.commit()
        chosen = languages.choose(setting=setting, messages=messages)
        if asked and user is not None:
            dispatcher.utter_message(text=texts.text("language_set", chosen))
        return [SlotSet("reply_language", chosen)] if chosen != tracker.get_slot("reply_language") else []
