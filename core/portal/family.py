"""Family members a patient books for. A patient reaches only their own family's rows."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.errors import NotFound, ValidationError
from core.models.family import FamilyMember
from core.models.users import Role, Sex

MAX_MEMBERS = 10
RELATIONS = ("mother", "father", "spouse", "son", "daughter", "brother", "sister", "grandparent", "other")


def get_all(session: Session, *, actor: Actor) -> list[FamilyMember]:
    """The patient's current family members."""
    actor.require(Role.PATIENT, Role.SUPPORT_AGENT)
    return list(session.scalars(select(FamilyMember).where(FamilyMember.owner_id == actor.user_id,
                                                           FamilyMember.removed_at.is_(None))
                                .order_by(FamilyMember.id)))


def get_or_raise(session: Session, *, actor: Actor, member_id: int) -> FamilyMember:
    """One of the patient's family members; anyone else's reads as missing."""
    member = session.get(FamilyMember, member_id)
    if member is None or member.removed_at is not None or member.owner_id != actor.user_id:
        raise NotFound(f"No family member {member_id}.")
    return member


def create(session: Session, *, actor: Actor, name: str, relation: str, date_of_birth: date | None = None,
           sex: str | None = None, today: date) -> FamilyMember:
    """Add a family member to the signed-in patient's account."""
    actor.require(Role.PATIENT)
    name, relation = " ".join((name or "").split())[:120], (relation or "").strip().lower()
    if len(name) < 2 or not any(ch.isalpha() for ch in name):
        raise ValidationError("Give the family member's name.")
    if relation not in RELATIONS:
        raise ValidationError(f"Relation must be one of: {', '.join(RELATIONS)}.")
    if date_of_birth is not None and not date(1900, 1, 1) <= date_of_birth <= today:
        raise ValidationError("The date of birth must be a past date.")
    if len(get_all(session, actor=actor)) >= MAX_MEMBERS:
        raise ValidationError(f"An account keeps at most {MAX_MEMBERS} family members.")
    member = FamilyMember(owner_id=actor.user_id, name=name, relation=relation, date_of_birth=date_of_birth,
                          sex=Sex(sex) if sex else None)
    session.add(member)
    session.flush()
    audit.record(session, actor=actor, action="family.added", entity_type="family_member", entity_id=member.id,
                 after={"relation": relation})
    return member


def remove(session: Session, *, actor: Actor, member_id: int, now: datetime) -> FamilyMember:
    """Remove a family member (past bookings keep naming them)."""
    member = get_or_raise(session, actor=actor, member_id=member_id)
    member.removed_at = now
    audit.record(session, actor=actor, action="family.removed", entity_type="family_member", entity_id=member.id)
    return member
