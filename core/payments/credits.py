"""Goodwill credits: support grants them, checkout spends them, full refunds give them back.

The ledger is append-only; the balance is the sum of a patient's entries. Writers lock the patient's
user row first, so two spends cannot both see the same balance.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM, Actor
from core.clock import now_utc
from core.errors import NotFound, ValidationError
from core.models.bookings import Booking
from core.models.credits import CreditEntry, CreditKind
from core.models.payments import Payment, PaymentStatus
from core.models.users import Role, User
from core.payments.config import FinanceConfig
from core.payments.money import check_paise


def balance(session: Session, *, user_id: int) -> int:
    """The patient's credit balance in paise."""
    total = session.scalar(select(func.sum(CreditEntry.amount_paise)).where(CreditEntry.user_id == user_id))
    return int(total or 0)


def issue(session: Session, *, actor: Actor, user_id: int, amount_paise: int, reason: str,
          finance: FinanceConfig, now: datetime | None = None) -> CreditEntry:
    """Grant goodwill credit to a patient, within the per-grant limit, with a reason."""
    actor.require(Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.FINANCE)
    amount = check_paise(amount_paise, what="credit")
    limit = finance.credit_limit_paise
    if amount > limit:
        raise ValidationError(f"One goodwill credit is at most {limit} paise; ask a super admin for more.")
    if not (reason or "").strip():
        raise ValidationError("A goodwill credit needs a reason.")
    patient = _lock_patient(session, user_id)
    entry = _add(session, patient.id, amount, CreditKind.ISSUED, reason.strip(), actor, now)
    audit.record(session, actor=actor, action="credit.issued", entity_type="user", entity_id=patient.id,
                 after={"amount_paise": amount, "balance_paise": balance(session, user_id=patient.id)},
                 reason=reason.strip())
    return entry


def available(session: Session, *, user_id: int, booking_id: int, now: datetime) -> int:
    """Balance minus what other bookings' live payment links have already earmarked."""
    _lock_patient(session, user_id)
    earmarked = session.scalar(
        select(func.sum(Payment.credit_applied_paise)).join(Booking, Booking.id == Payment.booking_id)
        .where(Payment.status == PaymentStatus.CREATED, Payment.expires_at > now,
               Payment.booking_id != booking_id, Booking.user_id == user_id))
    return max(0, balance(session, user_id=user_id) - int(earmarked or 0))


def spend(session: Session, *, user_id: int, booking_id: int, amount_paise: int, now: datetime) -> int:
    """Write the spend for a paid booking once; returns what was spent (never below a zero balance)."""
    key = f"spend:booking:{booking_id}"
    if amount_paise <= 0 or _exists(session, key):
        return 0
    _lock_patient(session, user_id)
    spent = min(amount_paise, balance(session, user_id=user_id))
    if spent <= 0:
        return 0
    _add(session, user_id, -spent, CreditKind.SPENT, f"spent on booking {booking_id}", SYSTEM, now,
         booking_id=booking_id, dedupe_key=key)
    audit.record(session, actor=SYSTEM, action="credit.spent", entity_type="user", entity_id=user_id,
                 after={"amount_paise": spent, "booking_id": booking_id})
    return spent


def restore(session: Session, *, user_id: int, booking_id: int, now: datetime) -> int:
    """Give back the credit a booking spent (after a full refund), once."""
    spent = session.scalar(select(CreditEntry.amount_paise).where(
        CreditEntry.dedupe_key == f"spend:booking:{booking_id}"))
    key = f"restore:booking:{booking_id}"
    if not spent or _exists(session, key):
        return 0
    _add(session, user_id, -spent, CreditKind.RESTORED, f"booking {booking_id} refunded in full", SYSTEM,
         now, booking_id=booking_id, dedupe_key=key)
    audit.record(session, actor=SYSTEM, action="credit.restored", entity_type="user", entity_id=user_id,
                 after={"amount_paise": -spent, "booking_id": booking_id})
    return -spent


def _add(session: Session, user_id: int, amount: int, kind: CreditKind, reason: str, actor: Actor,
         now: datetime | None, **extra) -> CreditEntry:
    entry = CreditEntry(user_id=user_id, amount_paise=amount, kind=kind, reason=reason, actor_id=actor.user_id,
                        actor_role=actor.role, created_at=now or now_utc(), **extra)
    session.add(entry)
    session.flush()
    return entry


def _exists(session: Session, dedupe_key: str) -> bool:
    return session.scalar(select(CreditEntry.id).where(CreditEntry.dedupe_key == dedupe_key)) is not None


def _lock_patient(session: Session, user_id: int) -> User:
    user = session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None or user.role is not Role.PATIENT:
        raise NotFound(f"Patient {user_id} does not exist.")
    return user
