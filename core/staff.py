"""People who work in the console: create, change role, deactivate and reactivate (super admins only).

A deactivated user is refused on their very next request (the console checks `is_active` every time), so
deactivation ends their sessions at once.
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit, center_admins
from core.actors import Actor
from core.center_onboarding import first_partner_of
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models import Center, User
from core.models.users import Role
from core.patients import normalise_phone

STAFF_ROLES = tuple(r for r in Role if r not in (Role.PATIENT, Role.SYSTEM))


def get_or_raise(session: Session, *, user_id: int) -> User:
    """The user, or NotFound."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} does not exist.")
    return user


def create(session: Session, *, actor: Actor, name: str, role: Role, phone: str, email: str | None = None,
           center_id: int | None = None) -> User:
    """Invite a staff member by phone (they sign in with a code sent to it)."""
    actor.require_permission("user.manage")
    role, center_id = _checked_role(session, role, center_id)
    name = " ".join((name or "").split())[:120]
    if len(name) < 2:
        raise ValidationError("Give the person's name.")
    admin = role is Role.PARTNER_STAFF and first_partner_of(session, actor, center_id)
    user = User(name=name, role=role, phone=normalise_phone(phone), email=checked_email(email), center_id=center_id,
                is_active=True, is_center_admin=admin)
    try:
        with session.begin_nested():
            session.add(user)
    except IntegrityError:
        raise ValidationError("Someone already uses this phone number or email.") from None
    audit.record(session, actor=actor, action="user.created", entity_type="user", entity_id=user.id,
                 after={"role": role.value, "center_id": center_id})
    return user


def update(session: Session, *, actor: Actor, user_id: int, name: str, phone: str, email: str | None = None) -> User:
    """Correct a person's name, phone (where their sign-in codes go) or email."""
    actor.require_permission("user.manage")
    user = get_or_raise(session, user_id=user_id)
    before = {"name": user.name, "phone": user.phone, "email": user.email}
    name = " ".join((name or "").split())[:120]
    if len(name) < 2:
        raise ValidationError("Give the person's name.")
    user.name, user.phone, user.email = name, normalise_phone(phone), checked_email(email)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise ValidationError("Someone else already uses this phone number or email.") from None
    audit.record(session, actor=actor, action="user.updated", entity_type="user", entity_id=user.id,
                 before=before, after={"name": user.name, "phone": user.phone, "email": user.email})
    return user


def change_role(session: Session, *, actor: Actor, user_id: int, role: Role, center_id: int | None = None,
                reason: str) -> User:
    """Give a staff member another role (and center, for partner staff)."""
    actor.require_permission("user.manage")
    user = _staff(session, user_id)
    role, center_id = _checked_role(session, role, center_id)
    if user.id == actor.user_id:
        raise IllegalTransition("You cannot change your own role; ask another super admin.")
    if user.role is Role.SUPER_ADMIN and role is not Role.SUPER_ADMIN:
        _keep_one_super_admin(session, user)
    if (role, center_id) != (user.role, user.center_id):
        center_admins.ensure_replaced(session, user)
    before = {"role": user.role.value, "center_id": user.center_id}
    user.role, user.center_id = role, center_id
    audit.record(session, actor=actor, action="user.role_changed", entity_type="user", entity_id=user.id,
                 before=before, after={"role": role.value, "center_id": center_id}, reason=_reason(reason))
    return user


def deactivate(session: Session, *, actor: Actor, user_id: int, reason: str) -> User:
    """Stop someone signing in; their open sessions stop working at their next request."""
    actor.require_permission("user.manage")
    user = get_or_raise(session, user_id=user_id)
    if user.id == actor.user_id:
        raise IllegalTransition("You cannot deactivate yourself.")
    if not user.is_active:
        raise IllegalTransition(f"{user.name} is already deactivated.")
    if user.role is Role.SUPER_ADMIN:
        _keep_one_super_admin(session, user)
    center_admins.ensure_replaced(session, user)
    user.is_active = False
    audit.record(session, actor=actor, action="user.deactivated", entity_type="user", entity_id=user.id,
                 before={"is_active": True}, after={"is_active": False}, reason=_reason(reason))
    return user


def reactivate(session: Session, *, actor: Actor, user_id: int, reason: str) -> User:
    """Let a deactivated person sign in again."""
    actor.require_permission("user.manage")
    user = get_or_raise(session, user_id=user_id)
    if user.is_active:
        raise IllegalTransition(f"{user.name} is already active.")
    user.is_active = True
    audit.record(session, actor=actor, action="user.reactivated", entity_type="user", entity_id=user.id,
                 before={"is_active": False}, after={"is_active": True}, reason=_reason(reason))
    return user


def _staff(session: Session, user_id: int) -> User:
    user = get_or_raise(session, user_id=user_id)
    if user.role not in STAFF_ROLES:
        raise ValidationError(f"{user.name} is not on staff; patients keep the patient role.")
    return user


def _checked_role(session: Session, role: Role | str, center_id: int | None) -> tuple[Role, int | None]:
    try:
        role = Role(role)
    except ValueError:
        raise ValidationError(f"Unknown role {role!r}.") from None
    if role not in STAFF_ROLES:
        raise ValidationError("Staff roles only: patients sign up themselves, and 'system' is the platform.")
    if role is Role.PARTNER_STAFF:
        if center_id is None or session.get(Center, center_id) is None:
            raise ValidationError("Partner staff belong to a center; pick one.")
        return role, center_id
    return role, None


def _keep_one_super_admin(session: Session, user: User) -> None:
    others = session.scalar(select(func.count()).where(User.role == Role.SUPER_ADMIN, User.is_active.is_(True),
                                                       User.id != user.id))
    if not others:
        raise IllegalTransition("This is the last active super admin; make another one first.")


def checked_email(email: str | None) -> str | None:
    """A lower-cased address, None when blank; a clear error when it is not an address."""
    email = (email or "").strip().lower()
    if not email:
        return None
    if "@" not in email or len(email) > 254 or " " in email:
        raise ValidationError(f"{email!r} is not an email address.")
    return email


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError("Say why (it goes in the audit log).")
    return reason
