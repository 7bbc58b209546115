"""Onboarding a partner center: its profile, the services it offers (priced inside each template) and
the partner users invited by phone. A new center starts `pending` (submitted for verification, see
core.centers.set_verification) and stays out of search until verified."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, center_fields, centers
from core.actors import Actor
from core.errors import NotFound, ValidationError
from core.models.centers import Center, VerificationStatus
from core.models.cities import City
from core.models.users import Role, User
from core.patients import normalise_phone
from core.unique import insert_or_conflict

SNAPSHOT = ("code", "city_id", *center_fields.PROFILE, "verification_status")


def create(session: Session, *, actor: Actor, code: str, city_id: int, offers: dict[int, int] | None = None,
           **profile: object) -> Center:
    """Add a center (pending verification) with its profile and the services it offers at its prices."""
    actor.require_permission("center.edit")
    missing = [name for name in center_fields.REQUIRED if name not in profile]
    if missing:
        raise ValidationError(f"A new center needs {', '.join(missing)}.")
    if session.get(City, city_id) is None:
        raise NotFound(f"City {city_id} does not exist.")
    checked = {name: center_fields.field(name, value) for name, value in profile.items()}
    center = Center(code=center_fields.code(code), city_id=city_id, verification_status=VerificationStatus.PENDING,
                    **{"working_hours": {}, "machines": [], **checked})
    insert_or_conflict(session, center, f"A center with code {center.code} already exists.")
    audit.record(session, actor=actor, action="center.created", entity_type="center", entity_id=center.id,
                 after=audit.snapshot(center, *SNAPSHOT))
    for service_id, price_paise in (offers or {}).items():
        centers.set_price(session, actor=actor, center_id=center.id, service_id=service_id, price_paise=price_paise)
    return center


def update(session: Session, *, actor: Actor, center_id: int, **changes: object) -> Center:
    """Change a center's profile; partners may change their own contact details, hours and machines."""
    center = centers.get_or_raise(session, center_id)
    _authorize_edit(actor, center, changes)
    checked = {name: center_fields.field(name, value) for name, value in changes.items()}
    before = audit.snapshot(center, *SNAPSHOT)
    for name, value in checked.items():
        setattr(center, name, value)
    audit.record(session, actor=actor, action="center.updated", entity_type="center", entity_id=center.id,
                 before=before, after=audit.snapshot(center, *SNAPSHOT))
    return center


def invite_partner(session: Session, *, actor: Actor, center_id: int, name: str, phone: str) -> User:
    """Add a partner user for a center by phone; they sign in with an OTP sent to it."""
    actor.require_permission("center.invite_partner")
    actor.require_center(center_id)
    centers.get_or_raise(session, center_id)
    if not (name or "").strip():
        raise ValidationError("Give the partner's name.")
    user = User(name=name.strip()[:120], phone=normalise_phone(phone), role=Role.PARTNER_STAFF, center_id=center_id,
                is_active=True, is_center_admin=first_partner_of(session, actor, center_id))
    insert_or_conflict(session, user, f"{user.phone} already belongs to a MedEzy user.")
    audit.record(session, actor=actor, action="user.invited", entity_type="user", entity_id=user.id,
                 after={"role": user.role.value, "center_id": center_id, "phone": user.phone,
                        "center_admin": user.is_center_admin})
    return user


def first_partner_of(session: Session, actor: Actor, center_id: int) -> bool:
    """Is a user MedEzy adds now the center's first partner user (who becomes its admin)? A center admin's
    invitees are colleagues, not admins."""
    if actor.role is Role.PARTNER_STAFF:
        return False
    return not session.scalar(select(User.id).where(User.center_id == center_id,
                                                    User.role == Role.PARTNER_STAFF).limit(1))


def _authorize_edit(actor: Actor, center: Center, changes: dict) -> None:
    if actor.role is Role.PARTNER_STAFF:
        actor.require_permission("center.profile")
        actor.require_center(center.id)
        refused = set(changes) - set(center_fields.PARTNER_EDITABLE)
        if refused:
            raise ValidationError(f"Ask MedEzy to change {', '.join(sorted(refused))}.")
        return
    actor.require_permission("center.edit")
    if {"code", "city_id", "verification_status"} & set(changes):
        raise ValidationError("A center's code and city never change, and verification has its own step.")
