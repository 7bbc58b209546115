"""Correcting who a booking is for (a misspelt name, a wrong age or sex) before the scan."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.booking.lifecycle import load_for_update
from core.booking.service import PatientDetails
from core.errors import ValidationError
from core.models.bookings import Booking, BookingStatus
from core.models.users import Sex

# Once the scan is done the report carries the name; changing it then is a support matter.
CORRECTABLE = (BookingStatus.HELD, BookingStatus.PENDING, BookingStatus.CONFIRMED)


def correct(session: Session, *, actor: Actor, booking_id: int, name: str | None = None,
            age: int | None = None, sex: Sex | str | None = None) -> Booking:
    """Change only the given patient fields of a live booking; audited with before and after."""
    booking = load_for_update(session, booking_id)
    actor.require_center(booking.center_id)
    actor.require_owner(booking.user_id)
    if booking.status not in CORRECTABLE:
        raise ValidationError(f"Booking {booking.reference} is {booking.status.patient_label.lower()}; "
                              "its patient details can no longer be changed here. Reply *agent* for help.")
    before = _details(booking)
    changed = replace(before, **{k: v for k, v in (("name", name), ("age", age), ("sex", sex)) if v is not None})
    changed = changed.validated()
    booking.patient_name, booking.patient_age, booking.patient_sex = changed.name, changed.age, changed.sex
    audit.record(session, actor=actor, action="booking.patient_corrected", entity_type="booking",
                 entity_id=booking.id, before=_as_dict(before), after=_as_dict(changed))
    return booking


def _details(booking: Booking) -> PatientDetails:
    return PatientDetails(name=booking.patient_name, age=booking.patient_age, sex=booking.patient_sex)


def _as_dict(details: PatientDetails) -> dict:
    return {"name": details.name, "age": details.age, "sex": details.sex.value if details.sex else None}
