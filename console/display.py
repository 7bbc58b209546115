"""How the console shows things, in one place: India time labelled IST, rupees with Indian grouping,
human labels for every enum, booking history as a timeline. Registered as Jinja filters by
`register(app)`; Flask-Admin column formatters (console/adminkit/formatters.py) call the same functions."""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timezone

from core.catalogue import rupees as _rupees_with_paise
from core.clock import IST
from core.models.bookings import BookingStatus, BookingStatusChange
from core.models.users import Role

S = BookingStatus

# Staff see the real state, in words; patients see only the four labels of core.models.bookings.
STAFF_STATUS = {
    S.HELD: "Awaiting payment", S.PENDING: "Awaiting center", S.CONFIRMED: "Confirmed",
    S.COMPLETED: "Completed", S.NO_SHOW: "No-show", S.CANCELLED: "Cancelled", S.EXPIRED: "Hold expired",
}
ROLE_LABELS = {
    Role.SUPER_ADMIN: "Super admin", Role.OPS_MANAGER: "Ops manager", Role.FINANCE: "Finance",
    Role.MARKETING: "Marketing", Role.SUPPORT_AGENT: "Support agent", Role.PARTNER_STAFF: "Partner staff",
    Role.PATIENT: "Patient", Role.SYSTEM: "MedEzy (automatic)",
}
# Labels that are not just the value with its first letter capitalised.
SPECIAL = {"pet-ct": "PET-CT", "mri": "MRI", "ct": "CT", "dexa": "DEXA", "x-ray": "X-ray",
           "no_show": "No-show", "whatsapp": "WhatsApp", "late_slot_taken": "Paid after the slot was taken"}


def ist(moment: datetime | None) -> str:
    """'25 Dec 2025, 04:30 PM IST'; empty for no time. Naive values are UTC (SQLite drops tzinfo)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(IST).strftime("%d %b %Y, %I:%M %p IST")


def rupees(paise: int | None) -> str:
    """₹1,23,456 (whole rupees, rounded half up; the console never shows paise)."""
    if paise is None:
        return ""
    return _rupees_with_paise((int(paise) + 50) // 100 * 100)


def label(value: object) -> str:
    """A human label for any enum member (or its stored string)."""
    if value is None:
        return ""
    if isinstance(value, BookingStatus):
        return STAFF_STATUS[value]
    if isinstance(value, Role):
        return ROLE_LABELS[value]
    raw = value.value if isinstance(value, enum.Enum) else str(value)
    return SPECIAL.get(raw.lower(), raw.replace("_", " ").capitalize() if raw.islower() else raw)


def patient_status(status: BookingStatus) -> str:
    """What a patient reads: Pending, Confirmed, Completed or Cancelled."""
    return status.patient_label


@dataclass(frozen=True)
class TimelineEntry:
    at: str
    text: str
    who: str
    reason: str | None


def timeline(changes: list[BookingStatusChange], names: dict[int, str] | None = None) -> list[TimelineEntry]:
    """Status changes as readable lines: '01 Jun 2026, 08:30 PM IST · Awaiting payment → Awaiting center'."""
    names = names or {}
    return [TimelineEntry(at=ist(c.at), text=_move(c), who=_who(c, names), reason=c.reason) for c in changes]


def _move(change: BookingStatusChange) -> str:
    if change.from_status is None:
        return f"Booked ({label(change.to_status)})"
    return f"{label(change.from_status)} → {label(change.to_status)}"


def _who(change: BookingStatusChange, names: dict[int, str]) -> str:
    role = label(change.actor_role)
    name = names.get(change.actor_id) if change.actor_id else None
    return f"{name} ({role})" if name else role


def register(app) -> None:
    """Make the display rules available to every template as filters."""
    app.jinja_env.filters.update(ist=ist, rupees=rupees, label=label, patient_status=patient_status)
