"""Writing a hold: the slot claim, the booking, its first history row, the analytics event, the audit entry.

A hold is the hottest write (every patient who picks a slot), so it skips the ORM's unit of work and
runs Core statements built once at import. On Postgres the common case is ONE statement: a
data-modifying CTE whose conditional UPDATE (`claimed < capacity`, the slot bookable, the booker
existing) feeds the four INSERTs. The UPDATE locks the slot row and Postgres re-checks its condition
on the row it waited for, so concurrent claimers cannot both pass; the inserts depend on its RETURNING,
so nothing is written when the claim fails. When it returns no row, the portable path runs instead: it
says *why* (NotFound, SlotUnavailable), and expires the slot's lapsed holds before claiming again.
SQLite (the embedded default, no data-modifying CTEs) always takes the portable path: the same claim,
then one INSERT per table, under BEGIN IMMEDIATE; its audit entry is queued (core.audit writes it at
commit). On Postgres the audit INSERT holds the chain lock in share mode until commit, which no writer
waits for (the sealer waits for the holders instead, core.audit_seal), so the entry can be written here.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, insert, literal, select, text
from sqlalchemy.orm import Session, make_transient_to_detached

from core import audit
from core.actors import Actor
from core.booking import claims
from core.clock import now_utc
from core.db import UTCDateTime
from core.errors import NotFound, SlotUnavailable
from core.models.analytics import AnalyticsEvent
from core.models.bookings import Booking, BookingStatus, BookingStatusChange
from core.models.centers import Center, CenterService, VerificationStatus
from core.models.services import Service
from core.models.slots import Slot
from core.models.users import Sex, User

SOURCE = "whatsapp"  # bookings.source's default; a hold written by Core must set it itself
AUDIT_ACTION = "booking.held"


@dataclass(frozen=True)
class NewHold:
    """Everything a hold writes, known before the claim (slot's center, service and price come from it)."""

    reference: str
    user_id: int
    slot_id: int
    actor: Actor
    patient_name: str
    patient_age: int | None
    patient_sex: Sex | None
    now: datetime
    expires_at: datetime


_PG_HOLD = text("""
WITH claim AS (
    UPDATE slots AS s SET claimed = s.claimed + 1
    FROM centers AS c, services AS sv, center_services AS cs
    WHERE s.id = :slot_id AND s.claimed < s.capacity AND NOT s.is_blocked AND s.starts_at > :now
      AND c.id = s.center_id AND c.verification_status = 'verified'
      AND sv.id = s.service_id AND sv.is_active
      AND cs.center_id = s.center_id AND cs.service_id = s.service_id AND cs.is_active
      AND EXISTS (SELECT 1 FROM users AS u WHERE u.id = :user_id)
    RETURNING s.id, s.center_id, s.service_id, s.claimed, cs.price_paise
), booking AS (
    INSERT INTO bookings (reference, user_id, slot_id, center_id, service_id, status, price_paise,
                          hold_expires_at, patient_name, patient_age, patient_sex, source, created_at,
                          updated_at)
    SELECT :reference, :user_id, id, center_id, service_id, 'held', price_paise, :expires_at,
           :patient_name, :patient_age, :patient_sex, :source, :now, :now FROM claim
    RETURNING id, slot_id, center_id, service_id, price_paise
), history AS (
    INSERT INTO booking_status_changes (booking_id, to_status, actor_id, actor_role, at)
    SELECT id, 'held', :actor_id, :actor_role, :now FROM booking
), initiated AS (
    INSERT INTO analytics_events (name, user_id, booking_id, properties, occurred_at)
    SELECT 'booking_initiated', :user_id, id,
           json_build_object('service_id', service_id, 'center_id', center_id), :now FROM booking
), audited AS (
    INSERT INTO audit_entries (at, actor_id, actor_role, action, entity_type, entity_id, after)
    SELECT :audited_at, :actor_id, :actor_role, :audit_action, 'booking', id::text,
           json_build_object('status', 'held', 'slot_id', slot_id, 'price_paise', price_paise) FROM booking
)
SELECT booking.id, booking.center_id, booking.service_id, booking.price_paise, claim.claimed
FROM booking, claim
""").bindparams(*(bindparam(name, type_=UTCDateTime) for name in ("now", "expires_at", "audited_at")))


def write_hold(session: Session, new: NewHold) -> Booking:
    """Claim the slot and write the held booking; returns it attached to the session, loaded."""
    session.flush()  # Core statements do not autoflush: rows this session added must exist first
    row = None
    if session.get_bind().dialect.name == "postgresql":
        row = session.execute(_PG_HOLD, _pg_params(new)).first()
        if row is not None:
            claims.show_committed(session, Slot, new.slot_id, claimed=row.claimed)
    if row is None:
        row = _portable_hold(session, new)
    return _attached(session, new, row.id, row.center_id, row.service_id, row.price_paise)


def _pg_params(new: NewHold) -> dict:
    return {"slot_id": new.slot_id, "user_id": new.user_id, "reference": new.reference, "now": new.now,
            "expires_at": new.expires_at, "patient_name": new.patient_name, "patient_age": new.patient_age,
            "patient_sex": new.patient_sex.value if new.patient_sex else None, "source": SOURCE,
            "actor_id": new.actor.user_id, "actor_role": new.actor.role.value, "audited_at": now_utc(),
            "audit_action": AUDIT_ACTION}


def _portable_hold(session: Session, new: NewHold):
    checked = bookable(session, new.slot_id, new.user_id)
    claims.claim(session, new.slot_id, now=new.now)
    booking_id = session.execute(insert(Booking.__table__).returning(Booking.__table__.c.id), {
        "reference": new.reference, "user_id": new.user_id, "slot_id": new.slot_id,
        "center_id": checked.center_id, "service_id": checked.service_id, "status": BookingStatus.HELD,
        "price_paise": checked.price_paise, "hold_expires_at": new.expires_at,
        "patient_name": new.patient_name, "patient_age": new.patient_age, "patient_sex": new.patient_sex,
        "source": SOURCE, "created_at": new.now, "updated_at": new.now,
    }).scalar_one()
    session.execute(insert(BookingStatusChange.__table__), {
        "booking_id": booking_id, "from_status": None, "to_status": BookingStatus.HELD,
        "actor_id": new.actor.user_id, "actor_role": new.actor.role, "reason": None, "at": new.now})
    session.execute(insert(AnalyticsEvent.__table__), {
        "name": "booking_initiated", "user_id": new.user_id, "booking_id": booking_id, "occurred_at": new.now,
        "properties": {"service_id": checked.service_id, "center_id": checked.center_id}})
    audit.record(session, actor=new.actor, action=AUDIT_ACTION, entity_type="booking", entity_id=booking_id,
                 after={"status": "held", "slot_id": new.slot_id, "price_paise": checked.price_paise})
    return _Written(booking_id, checked.center_id, checked.service_id, checked.price_paise)


@dataclass(frozen=True)
class _Written:
    id: int
    center_id: int
    service_id: int
    price_paise: int


def bookable(session: Session, slot_id: int, user_id: int | None = None):
    """The slot's center, service and price, checked bookable; the booker's existence (if given) in the same
    query."""
    user_exists = select(User.id).where(User.id == user_id).exists() if user_id is not None else literal(True)
    row = session.execute(
        select(Slot.center_id, Slot.service_id, CenterService.price_paise, Center.verification_status,
               Service.is_active, user_exists.label("user_exists"))
        .join(Center, Center.id == Slot.center_id)
        .join(Service, Service.id == Slot.service_id)
        .join(CenterService, (CenterService.center_id == Slot.center_id)
              & (CenterService.service_id == Slot.service_id) & CenterService.is_active)
        .where(Slot.id == slot_id)
    ).first()
    if not (row.user_exists if row else session.scalar(select(user_exists))):
        raise NotFound(f"User {user_id} does not exist.")
    if row is None:
        raise SlotUnavailable(f"Slot {slot_id} is not offered for booking.", code="slot_not_offered")
    if row.verification_status is not VerificationStatus.VERIFIED:
        raise SlotUnavailable("This center is not taking bookings yet.", code="center_closed")
    if not row.is_active:
        raise SlotUnavailable("This scan is no longer offered; please pick another.", code="slot_not_offered")
    return row


def _attached(session: Session, new: NewHold, booking_id: int, center_id: int, service_id: int,
              price_paise: int) -> Booking:
    # The row was written by Core: build its object with every column set and attach it as loaded, so
    # callers get the usual persistent Booking without a SELECT (relationships still load lazily).
    booking = Booking(
        id=booking_id, reference=new.reference, user_id=new.user_id, slot_id=new.slot_id,
        center_id=center_id, service_id=service_id, status=BookingStatus.HELD, price_paise=price_paise,
        hold_expires_at=new.expires_at, patient_name=new.patient_name, patient_age=new.patient_age,
        patient_sex=new.patient_sex, family_member_id=None, source=SOURCE, cancelled_by=None,
        cancel_reason=None, created_at=new.now, updated_at=new.now, paid_at=None, confirmed_at=None,
        completed_at=None, checked_in_at=None,
    )
    make_transient_to_detached(booking)
    session.add(booking)
    return booking
