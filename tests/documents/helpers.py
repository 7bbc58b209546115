"""Bookings in the states document and feedback tests need."""
from __future__ import annotations

from datetime import timedelta

from core.actors import Actor
from core.booking import service as bookings
from core.models import Booking, Role

ME = bookings.PatientDetails(name="Priya Patel", age=34)


def held(f, session, patient=None) -> Booking:
    patient = patient or f.patient()
    return bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id, patient=ME)


def completed(f, session, patient=None) -> Booking:
    booking = held(f, session, patient)
    bookings.mark_paid(session, booking_id=booking.id)
    partner = partner_of(f, booking)
    bookings.confirm(session, actor=partner, booking_id=booking.id)
    return bookings.complete(session, actor=partner, booking_id=booking.id,
                             now=booking.slot.starts_at + timedelta(hours=1))


def partner_of(f, booking: Booking) -> Actor:
    return Actor.of(f.staff(Role.PARTNER_STAFF, center=booking.center))
