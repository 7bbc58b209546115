"""Patients: sign-up by phone (the WhatsApp number), profile and emergency contacts."""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import analytics, audit
from core.actors import Actor
from core.errors import ValidationError
from core.models.users import EmergencyContact, PatientProfile, Role, User

_PHONE = re.compile(r"^\+[1-9]\d{7,14}$")


def normalise_phone(raw: str) -> str:
    """E.164: '+91 98765-43210', 'whatsapp:+919876543210', '9876543210' -> '+919876543210'."""
    digits = re.sub(r"[^\d+]", "", raw.removeprefix("whatsapp:"))
    if re.fullmatch(r"[6-9]\d{9}", digits):
        digits = "+91" + digits
    elif re.fullmatch(r"0[6-9]\d{9}", digits):
        digits = "+91" + digits[1:]
    if not _PHONE.match(digits):
        raise ValidationError(f"{raw!r} is not a phone number we can reach.")
    return digits


def get_or_register(session: Session, *, phone: str, name: str | None = None,
                    channel: str = "whatsapp") -> tuple[User, bool]:
    """The patient with this phone, creating them (and user_signed_up) the first time."""
    phone = normalise_phone(phone)
    user = session.scalar(select(User).where(User.phone == phone))
    if user is not None:
        return user, False
    user = User(name=(name or "").strip()[:120] or "Patient", phone=phone, role=Role.PATIENT)
    # A WhatsApp message, or a code sent to the number and typed back, proves control of the number.
    user.profile = PatientProfile(phone_verified=channel in ("whatsapp", "otp"))
    session.add(user)
    session.flush()
    audit.record(session, actor=Actor(Role.PATIENT, user.id), action="user.signed_up", entity_type="user",
                 entity_id=user.id, after={"phone": phone, "channel": channel})
    analytics.record(session, "user_signed_up", user_id=user.id, channel=channel)
    return user, True


def add_emergency_contact(session: Session, *, actor: Actor, user_id: int, name: str, phone: str,
                          relation: str) -> EmergencyContact:
    """Add an emergency contact to a patient's profile (at most three)."""
    actor.require(Role.PATIENT, Role.SUPPORT_AGENT)
    actor.require_owner(user_id)
    profile = session.get(PatientProfile, user_id)
    if profile is None:
        raise ValidationError("Only patients have emergency contacts.")
    if len(profile.emergency_contacts) >= 3:
        raise ValidationError("A profile keeps at most three emergency contacts.")
    if not name.strip() or not relation.strip():
        raise ValidationError("An emergency contact needs a name and a relation.")
    contact = EmergencyContact(name=name.strip(), phone=normalise_phone(phone), relation=relation.strip())
    profile.emergency_contacts.append(contact)
    session.flush()
    audit.record(session, actor=actor, action="patient.emergency_contact_added", entity_type="user",
                 entity_id=user_id, after={"name": contact.name, "relation": contact.relation})
    return contact


def invite(session: Session, *, actor: Actor, name: str, phone: str) -> User:
    """An admin adds a patient by phone; they sign in with a code sent to it (which verifies the number)."""
    actor.require_permission("user.manage")
    phone = normalise_phone(phone)
    if session.scalar(select(User.id).where(User.phone == phone)) is not None:
        raise ValidationError(f"{phone} already belongs to a MedEzy user.")
    user = User(name=" ".join((name or "").split())[:120] or "Patient", phone=phone, role=Role.PATIENT)
    user.profile = PatientProfile(phone_verified=False)
    session.add(user)
    session.flush()
    audit.record(session, actor=actor, action="user.invited", entity_type="user", entity_id=user.id,
                 after={"role": Role.PATIENT.value, "phone": phone})
    return user
