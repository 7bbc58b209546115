"""Slot claims decided by the database.

A claim is one conditional UPDATE (`claimed < capacity`), never check-then-insert: Postgres locks the
row and re-checks the condition, so concurrent claimers cannot both pass. A CHECK constraint on the
slot backs it up. When a slot looks full, its lapsed holds are expired in the same transaction and the
claim is tried again, so an unpaid, expired hold never blocks anyone even before the sweep runs.

The UPDATEs run on the tables, not through the ORM: the ORM's synchronize_session="fetch" adds the primary
key to RETURNING and, under some hash seeds, handed back a row whose columns were shifted (a release read the
slot's id as its city and an integer as its start). Objects this session already holds are kept in step by
`show_committed` instead.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from core import audit, outbox, topics, waitlist
from core.actors import SYSTEM
from core.clock import show
from core.errors import SlotUnavailable
from core.models.bookings import Booking, BookingStatus, BookingStatusChange
from core.models.slots import Slot

_SLOTS, _BOOKINGS = Slot.__table__.c, Booking.__table__.c


def claim(session: Session, slot_id: int, *, now: datetime) -> None:
    """Take one unit of the slot's capacity or raise SlotUnavailable."""
    # Lapsed holds keep their unit until expired, which matters only when the slot looks full: so they
    # are expired (and the claim retried) only then, and a claim on a free slot is one statement.
    if _take_one(session, slot_id, now):
        return
    if expire_lapsed_holds(session, now=now, slot_id=slot_id) and _take_one(session, slot_id, now):
        return
    raise _why_unavailable(session, slot_id, now)


def _take_one(session: Session, slot_id: int, now: datetime) -> bool:
    taken = session.execute(
        update(Slot.__table__)
        .where(_SLOTS.id == slot_id, _SLOTS.claimed < _SLOTS.capacity, _SLOTS.is_blocked.is_(False),
               _SLOTS.starts_at > now)
        .values(claimed=_SLOTS.claimed + 1)
        .returning(_SLOTS.claimed)
    ).first()
    if taken is not None:
        show_committed(session, Slot, slot_id, claimed=taken.claimed)
    return taken is not None


def release(session: Session, slot_id: int, units: int = 1) -> None:
    """Give back units of capacity (cancel, expiry, reschedule away); the waitlist hears of it."""
    freed = session.execute(
        update(Slot.__table__).where(_SLOTS.id == slot_id, _SLOTS.claimed >= units)
        .values(claimed=_SLOTS.claimed - units)
        .returning(_SLOTS.city_id, _SLOTS.service_id, _SLOTS.starts_at, _SLOTS.claimed)
    ).first()
    if freed is not None:
        show_committed(session, Slot, slot_id, claimed=freed.claimed)
        waitlist.opened_at(session, city_id=freed.city_id, service_id=freed.service_id, starts=freed.starts_at,
                           ends=freed.starts_at)


def expire_lapsed_holds(session: Session, *, now: datetime, slot_id: int | None = None,
                        limit: int | None = None) -> list[int]:
    """Move held bookings whose hold lapsed to expired and release their claims; returns their ids."""
    lapsed = (_BOOKINGS.status == BookingStatus.HELD, _BOOKINGS.hold_expires_at <= now)
    if slot_id is not None:
        # Straight on the slot's bookings: an IN (self-subquery) here can be planned as a nested loop
        # over every held booking, which made each claim cost O(live holds) on a busy day.
        target = (_BOOKINGS.slot_id == slot_id, *lapsed)
    else:
        batch = select(_BOOKINGS.id).where(*lapsed).order_by(_BOOKINGS.hold_expires_at).limit(limit)
        # Re-checking status in the UPDATE means a booking paid (or expired) concurrently is skipped.
        target = (_BOOKINGS.id.in_(batch.scalar_subquery()), _BOOKINGS.status == BookingStatus.HELD)
    rows = session.execute(
        update(Booking.__table__).where(*target).values(status=BookingStatus.EXPIRED, updated_at=now)
        .returning(_BOOKINGS.id, _BOOKINGS.slot_id)
    ).all()
    for row in rows:
        show_committed(session, Booking, row.id, status=BookingStatus.EXPIRED, updated_at=now)
    for slot, count in Counter(row.slot_id for row in rows).items():
        release(session, slot, count)
    for row in rows:
        _record_expiry(session, row.id, now)
    return [row.id for row in rows]


def show_committed(session: Session, model: type, ident: int, **values) -> None:
    """What the ORM's synchronize_session did: an object this session already holds shows the new values."""
    held = session.identity_map.get(session.identity_key(model, ident))
    if held is not None:
        for name, value in values.items():
            set_committed_value(held, name, value)


def _record_expiry(session: Session, booking_id: int, now: datetime) -> None:
    session.add(BookingStatusChange(booking_id=booking_id, from_status=BookingStatus.HELD,
                                    to_status=BookingStatus.EXPIRED, actor_role=SYSTEM.role,
                                    reason="hold lapsed unpaid", at=now))
    audit.record(session, actor=SYSTEM, action="booking.expired", entity_type="booking",
                 entity_id=booking_id, before={"status": "held"}, after={"status": "expired"},
                 reason="hold lapsed unpaid")
    outbox.emit(session, topics.HOLD_EXPIRED, booking_id=booking_id)


def _why_unavailable(session: Session, slot_id: int, now: datetime) -> SlotUnavailable:
    slot = session.get(Slot, slot_id)
    if slot is None:
        return SlotUnavailable(f"Slot {slot_id} does not exist.", code="slot_not_offered")
    when = show(slot.starts_at)
    if slot.is_blocked:
        return SlotUnavailable(f"The {when} slot has been blocked by the center.", code="slot_not_offered")
    if slot.starts_at <= now:
        return SlotUnavailable(f"The {when} slot has already started.", code="slot_past")
    return SlotUnavailable(f"The {when} slot was just taken.", code="slot_taken")
