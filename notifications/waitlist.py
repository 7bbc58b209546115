"""Outbox handler: capacity opened (core.waitlist) -> each patient waiting for it is told once, in their language."""
from __future__ import annotations

from sqlalchemy.orm import Session

from core import topics, waitlist
from core.clock import now_utc, show
from core.models import City, Service, User
from notifications import recipients
from notifications.outgoing import notify


def on_slots_opened(session: Session, payload: dict, c) -> None:
    for match in waitlist.claim_matches(session, payload, now=now_utc()):
        entry, option = match.entry, match.option
        variables = {"service": session.get(Service, entry.service_id).name,
                     "city": session.get(City, entry.city_id).name, "when": show(option.starts_at),
                     "center": option.center_name, "area": option.area}
        # Keyed by entry: a redelivered event finds the entry notified already and sends nothing.
        notify(session, c.settings, trigger="waitlist_slot_open", event=f"waitlist:{entry.id}",
               to=recipients.patient(session, session.get(User, entry.user_id)), variables=variables)


SUBSCRIPTIONS = {topics.SLOTS_OPENED: [on_slots_opened]}
