"""The patient's profile: date of birth, language, a verified phone (by code) and email (by link).

Emergency contacts live in core.patients and family members in core.portal.family; this module adds
what the portal's profile page edits itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.auth import otp
from core.auth.codes import CodeProvider
from core.auth.rate_limits import RateLimits
from core.errors import ValidationError
from core.models.notifications import Channel, NotificationPreference
from core.models.users import PatientProfile, Role, User
from core.notify.queue import Draft, queue
from core.portal import email_verification
from core.staff import checked_email

LANGUAGES = {"en": "English", "hi": "हिन्दी (Hindi)", "hinglish": "Hinglish"}
OLDEST_YEARS = 120


@dataclass(frozen=True)
class Profile:
    user: User
    details: PatientProfile
    language: str


def get(session: Session, *, actor: Actor) -> Profile:
    """The signed-in patient's profile (made empty on first look: patients from WhatsApp have none yet)."""
    actor.require(Role.PATIENT)
    user = session.get(User, actor.user_id)
    details = user.profile or PatientProfile(user_id=user.id)
    if user.profile is None:
        session.add(details)
        session.flush()
    preference = session.get(NotificationPreference, user.id)
    return Profile(user, details, preference.language if preference else "en")


def update(session: Session, *, actor: Actor, date_of_birth: date | None, language: str, today: date) -> Profile:
    """Save the date of birth and the language messages come in."""
    if language not in LANGUAGES:
        raise ValidationError(f"Language must be one of: {', '.join(LANGUAGES.values())}.")
    if date_of_birth is not None and date_of_birth > today:
        raise ValidationError("A date of birth cannot be in the future.")
    if date_of_birth is not None and date_of_birth.year < today.year - OLDEST_YEARS:
        raise ValidationError("That date of birth is not possible; please check it.")
    current = get(session, actor=actor)
    before = {"date_of_birth": str(current.details.date_of_birth), "language": current.language}
    current.details.date_of_birth = date_of_birth
    preference = session.get(NotificationPreference, actor.user_id) or NotificationPreference(user_id=actor.user_id)
    preference.language = language
    session.add(preference)
    session.flush()
    audit.record(session, actor=actor, action="patient.profile_updated", entity_type="user", entity_id=actor.user_id,
                 before=before, after={"date_of_birth": str(date_of_birth), "language": language})
    return get(session, actor=actor)


def send_phone_code(session: Session, codes: CodeProvider, limits: RateLimits, *, actor: Actor, ip: str,
                    now: datetime) -> None:
    """A code to the patient's own number on WhatsApp (the same codes and limits as sign-in)."""
    user = get(session, actor=actor).user
    otp.send_code(session, codes, limits, phone=user.phone, ip=ip, now=now)


def verify_phone(session: Session, codes: CodeProvider, limits: RateLimits, *, actor: Actor, code: str, ip: str,
                 now: datetime) -> bool:
    """Whether the code was right (the number is then verified). A wrong code is an answer, not an error:
    the caller commits either way, so the try counts against the code's five."""
    profile = get(session, actor=actor)
    if not otp.check_code(session, codes, limits, phone=profile.user.phone, code=code, ip=ip, now=now):
        return False
    profile.details.phone_verified = True
    audit.record(session, actor=actor, action="user.phone_verified", entity_type="user", entity_id=actor.user_id)
    return True


def send_email_link(session: Session, *, actor: Actor, email: str, now: datetime, secret: str,
                    base_url: str) -> None:
    """Email a verification link to the address (queued like every message, sent after commit)."""
    link = email_verification.start(session, actor=actor, email=email, now=now, secret=secret, base_url=base_url)
    queue(session, Draft(trigger="email_verification", event=f"email_verification:{int(now.timestamp())}",
                         channel=Channel.EMAIL, address=checked_email(email), recipient=f"user:{actor.user_id}",
                         user_id=actor.user_id, urgent=True, subject="Confirm your email for MedEzy",
                         body=f"Open this link within 24 hours to confirm this email for your MedEzy account:\n"
                              f"{link}\n\nIf you did not ask for this, ignore this email."), now=now)


def correct_name(session: Session, *, actor: Actor, name: str) -> User:
    """The patient corrects their name (DPDP right to correction); bookings already made keep theirs."""
    cleaned = " ".join((name or "").split())
    if not 2 <= len(cleaned) <= 120:
        raise ValidationError("Please give your full name (2 to 120 characters).")
    user = get(session, actor=actor).user
    before, user.name = user.name, cleaned
    audit.record(session, actor=actor, action="user.name_corrected", entity_type="user", entity_id=user.id,
                 before={"name": before}, after={"name": cleaned})
    return user
