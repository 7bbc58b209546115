"""Partner center administration: verification, subscription tier, and prices within the template.

Onboarding (profile, partner invitations) is in core.center_onboarding, documents in core.center_documents."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, center_documents, service_catalogue
from core.actors import Actor
from core.errors import NotFound, ValidationError
from core.models.centers import Center, CenterService, Tier, VerificationStatus
from core.models.services import Service
from core.models.users import Role


def get_or_raise(session: Session, center_id: int) -> Center:
    center = session.get(Center, center_id)
    if center is None:
        raise NotFound(f"Center {center_id} does not exist.")
    return center


def set_verification(session: Session, *, actor: Actor, center_id: int, status: VerificationStatus,
                     reason: str) -> Center:
    """Verify a center whose required documents are verified and current, or reject it with a reason."""
    actor.require_permission("center.verify")
    if not reason.strip():
        raise ValidationError("Say why (e.g. which documents were checked).")
    center = get_or_raise(session, center_id)
    status = VerificationStatus(status)
    problems = (center_documents.verification_problems(session, center=center)
                if status is VerificationStatus.VERIFIED else [])
    if problems:
        raise ValidationError(f"{center.name} cannot be verified yet: {'; '.join(problems)}.")
    before = center.verification_status
    center.verification_status = status
    center.rejection_reason = reason.strip() if status is VerificationStatus.REJECTED else None
    audit.record(session, actor=actor, action="center.verification", entity_type="center", entity_id=center.id,
                 before={"status": before.value}, after={"status": center.verification_status.value},
                 reason=reason.strip())
    return center


def set_tier(session: Session, *, actor: Actor, center_id: int, tier: Tier) -> Center:
    """Move a center to the Basic or Pro subscription tier (fees follow the tier)."""
    actor.require(Role.OPS_MANAGER, Role.FINANCE)
    center = get_or_raise(session, center_id)
    before = center.tier
    center.tier = Tier(tier)
    audit.record(session, actor=actor, action="center.tier", entity_type="center", entity_id=center.id,
                 before={"tier": before.value}, after={"tier": center.tier.value})
    return center


def set_price(session: Session, *, actor: Actor, center_id: int, service_id: int, price_paise: int) -> CenterService:
    """Offer a service at a center, at a price inside the service's pricing template."""
    actor.require(Role.OPS_MANAGER, Role.PARTNER_STAFF)
    actor.require_center(center_id)
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(f"Service {service_id} does not exist.")
    center = get_or_raise(session, center_id)
    service_catalogue.check_price(session, service=service, city_id=center.city_id, price_paise=price_paise)
    offer = session.scalar(select(CenterService).where(CenterService.center_id == center_id,
                                                       CenterService.service_id == service_id))
    before = offer.price_paise if offer else None
    if offer is None:
        offer = CenterService(center_id=center_id, service_id=service_id, price_paise=price_paise)
        session.add(offer)
    offer.price_paise, offer.is_active = price_paise, True
    session.flush()
    audit.record(session, actor=actor, action="center.price", entity_type="center_service", entity_id=offer.id,
                 before={"price_paise": before}, after={"price_paise": price_paise})
    return offer
