"""What a center's own slot changes check first: the actor manages this center's slots, for a scan it offers."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.errors import ValidationError
from core.models import CenterService


def require_manager(actor: Actor, center_id: int) -> None:
    """Partner staff of this center (or MedEzy operations) holding slot.manage."""
    actor.require_permission("slot.manage")
    actor.require_center(center_id)


def require_offered(session: Session, center_id: int, service_id: int) -> None:
    """The center offers this scan (actively), else a ValidationError naming the way out."""
    offer = session.scalar(select(CenterService).where(CenterService.center_id == center_id,
                                                       CenterService.service_id == service_id,
                                                       CenterService.is_active))
    if offer is None:
        raise ValidationError("Your center does not offer this scan; ask MedEzy to add it first.")
