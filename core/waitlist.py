"""The waitlist: no free slot for a scan in a city -> the patient is messaged when a matching one opens.

Every path that opens capacity (slots imported, unblocked, a claim released by a cancellation, a
reschedule or a lapsed hold) emits SLOTS_OPENED for a city, a scan (or all) and a span of days. Its handler
(notifications.waitlist) asks `claim_matches` who waits for that and tells each of them once.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import SYSTEM, Actor
from core.booking.search import SearchQuery, SlotOption, find_slots
from core.clock import IST
from core.errors import NotFound, ValidationError
from core.models.cities import City
from core.models.services import Service
from core.models.waitlist import WaitlistEntry, WaitlistStatus

MAX_DAYS = 60  # a wish further out than two months is better asked again


@dataclass(frozen=True)
class Match:
    entry: WaitlistEntry
    option: SlotOption


def join(session: Session, *, actor: Actor, user_id: int, service_id: int, city_id: int, date_from: date,
         date_to: date, now: datetime, source: str = "whatsapp") -> WaitlistEntry:
    """Put the patient on the waitlist for the scan in the city between the two days (asking again widens it)."""
    actor.require_owner(user_id)
    date_from = max(date_from, now.astimezone(IST).date())
    if date_to < date_from or (date_to - date_from).days > MAX_DAYS:
        raise ValidationError(f"Pick days from today up to {MAX_DAYS} days ahead for the waitlist.")
    if session.get(Service, service_id) is None or session.get(City, city_id) is None:
        raise NotFound("No such scan or city.")
    entry = waiting(session, user_id=user_id, service_id=service_id, city_id=city_id)
    if entry is None:
        entry = WaitlistEntry(user_id=user_id, service_id=service_id, city_id=city_id, date_from=date_from,
                              date_to=date_to, status=WaitlistStatus.WAITING, source=source)
        session.add(entry)
    else:
        entry.date_from, entry.date_to = min(entry.date_from, date_from), max(entry.date_to, date_to)
    session.flush()
    audit.record(session, actor=actor, action="waitlist.joined", entity_type="waitlist_entry", entity_id=entry.id,
                 after={"service_id": service_id, "city_id": city_id, "from": entry.date_from.isoformat(),
                        "to": entry.date_to.isoformat()})
    return entry


def waiting(session: Session, *, user_id: int, service_id: int, city_id: int) -> WaitlistEntry | None:
    """The patient's open wish for this scan in this city, if any."""
    return session.scalar(select(WaitlistEntry).where(
        WaitlistEntry.user_id == user_id, WaitlistEntry.service_id == service_id,
        WaitlistEntry.city_id == city_id, WaitlistEntry.status == WaitlistStatus.WAITING))


def opened(session: Session, *, city_id: int, service_id: int | None, first_day: date, last_day: date) -> None:
    """Say that capacity opened for a scan (None: every scan) in a city on those India days."""
    outbox.emit(session, topics.SLOTS_OPENED, city_id=city_id, service_id=service_id,
                date_from=first_day.isoformat(), date_to=last_day.isoformat())


def opened_at(session: Session, *, city_id: int, service_id: int | None, starts: datetime, ends: datetime) -> None:
    """`opened` for the days of [starts, ends)."""
    last = ends - timedelta(microseconds=1) if ends > starts else starts
    opened(session, city_id=city_id, service_id=service_id, first_day=starts.astimezone(IST).date(),
           last_day=last.astimezone(IST).date())


def claim_matches(session: Session, payload: dict, *, now: datetime) -> list[Match]:
    """The waiting patients a SLOTS_OPENED event can serve, each with a free slot, marked notified (once)."""
    first, last = date.fromisoformat(payload["date_from"]), date.fromisoformat(payload["date_to"])
    query = select(WaitlistEntry).where(
        WaitlistEntry.city_id == payload["city_id"], WaitlistEntry.status == WaitlistStatus.WAITING,
        WaitlistEntry.date_from <= last, WaitlistEntry.date_to >= first)
    if payload.get("service_id") is not None:
        query = query.where(WaitlistEntry.service_id == payload["service_id"])
    matches = []
    for entry in session.scalars(query.order_by(WaitlistEntry.id)):
        option = _free_slot(session, entry, first, last, now)
        if option is not None and _mark_notified(session, entry, option, now):
            matches.append(Match(entry, option))
    return matches


def _free_slot(session: Session, entry: WaitlistEntry, first: date, last: date, now: datetime) -> SlotOption | None:
    days = SearchQuery(service_id=entry.service_id, city_id=entry.city_id, date_from=max(first, entry.date_from),
                       date_to=min(last, entry.date_to), limit=1, per_center=1)
    found = find_slots(session, days, user_id=entry.user_id, now=now)
    return found[0] if found else None


def _mark_notified(session: Session, entry: WaitlistEntry, option: SlotOption, now: datetime) -> bool:
    # Conditional: a redelivered event (or two handlers at once) finds the entry already notified.
    done = session.execute(
        update(WaitlistEntry).where(WaitlistEntry.id == entry.id, WaitlistEntry.status == WaitlistStatus.WAITING)
        .values(status=WaitlistStatus.NOTIFIED, notified_at=now, slot_id=option.slot_id)
        .returning(WaitlistEntry.id), execution_options={"synchronize_session": "fetch"}).first()
    if done is not None:
        audit.record(session, actor=SYSTEM, action="waitlist.notified", entity_type="waitlist_entry",
                     entity_id=entry.id, before={"status": "waiting"},
                     after={"status": "notified", "slot_id": option.slot_id})
    return done is not None
