"""A center's admins: the partner users who may invite colleagues and name other admins.

MedEzy's ops (any center) or one of the center's own admins moves the flag between the center's partner
users. A center always keeps at least one active admin, or nobody there could invite a colleague again.
The person is told on WhatsApp (an outbox handler, so only after the change is committed).
"""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.clock import now_utc
from core.errors import IllegalTransition, NotFound, ValidationError
from core.models import Center, Role, User
from core.models.notifications import Channel
from core.notify.queue import Draft, queue


def set_admin(session: Session, *, actor: Actor, center_id: int, user_id: int, admin: bool, reason: str) -> User:
    """Make one of the center's partner users its admin (`admin`), or take the flag away from them."""
    actor.require_permission("center.manage_admins")
    actor.require_center(center_id)
    reason = _reason(reason)
    _lock_center(session, center_id)  # two admins removed at once must not both see the other one stay
    user = _partner_of(session, center_id, user_id)
    if user.is_center_admin == admin:
        raise IllegalTransition(f"{user.name} {'already is' if admin else 'is not'} an admin of this center.")
    if admin and not user.is_active:
        raise IllegalTransition(f"{user.name} is deactivated; reactivate them before making them an admin.")
    if not admin and not _other_admins(session, center_id, user.id):
        raise IllegalTransition(f"{user.name} is this center's only admin; make a colleague admin first.")
    user.is_center_admin = admin
    audit.record(session, actor=actor, action="user.center_admin_changed", entity_type="user", entity_id=user.id,
                 before={"center_admin": not admin}, after={"center_admin": admin, "center_id": center_id},
                 reason=reason)
    outbox.emit(session, topics.CENTER_ADMIN_CHANGED, user_id=user.id, center_id=center_id, admin=admin,
                at=now_utc().isoformat())
    return user


def ensure_replaced(session: Session, user: User) -> None:
    """Before a partner user stops working for their center (deactivated, or given another role or center):
    refuse while they are its last active admin and colleagues remain who could be made admin instead."""
    if user.role is not Role.PARTNER_STAFF or not (user.is_center_admin and user.is_active):
        return
    _lock_center(session, user.center_id)
    if not _other_admins(session, user.center_id, user.id) and _colleagues(session, user.center_id, user.id):
        raise IllegalTransition(f"{user.name} is their center's only admin; make a colleague admin first.")


def on_center_admin_changed(session: Session, payload: dict, c) -> None:
    """Tell the person what they may do now (once per change, however often the event is delivered)."""
    user, center = session.get(User, payload["user_id"]), session.get(Center, payload["center_id"])
    if not user.phone:
        return
    text = (f"MedEzy: you are now an admin of {center.name}: you can invite colleagues and name other admins."
            if payload["admin"] else f"MedEzy: you are no longer an admin of {center.name}.")
    queue(session, Draft(trigger="manual", event=f"center_admin:{user.id}:{payload['at']}", channel=Channel.WHATSAPP,
                         address=user.phone, body=text, recipient=f"user:{user.id}", user_id=user.id, urgent=True,
                         template="manual", variables={"text": text}))


def _lock_center(session: Session, center_id: int) -> None:
    if session.scalar(select(Center.id).where(Center.id == center_id).with_for_update()) is None:
        raise NotFound(f"Center {center_id} does not exist.")


def _partner_of(session: Session, center_id: int, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None or user.role is not Role.PARTNER_STAFF or user.center_id != center_id:
        raise NotFound(f"User {user_id} is not a partner user of this center.")
    return user


def _other_admins(session: Session, center_id: int, user_id: int) -> int:
    return _colleagues(session, center_id, user_id, User.is_center_admin.is_(True))


def _colleagues(session: Session, center_id: int, user_id: int, *criteria) -> int:
    """The center's other active partner users (meeting `criteria`)."""
    return session.scalar(select(func.count()).where(
        User.center_id == center_id, User.role == Role.PARTNER_STAFF, User.is_active.is_(True), User.id != user_id,
        *criteria))


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise ValidationError("Say why (it goes in the audit log).")
    return reason


SUBSCRIPTIONS = {topics.CENTER_ADMIN_CHANGED: [on_center_admin_changed]}
