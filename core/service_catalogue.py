"""Managing the catalogue of scans: create, edit, deactivate services, and per-city price adjustments.

The pricing template (minimum <= base <= maximum, optionally moved up or down per city) bounds every
center's price for the service; a template change that would strand a center's price outside it is
refused, naming the centers. A service bookings or slots use is never deleted, only deactivated: the
foreign keys refuse the delete, and we say so.
"""
from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.catalogue import rupees
from core.errors import Conflict, NotFound, ValidationError
from core.models.centers import Center, CenterService
from core.models.cities import City
from core.models.services import Modality, Service, ServiceCityAdjustment
from core.payments.money import check_paise, percent_of
from core.unique import insert_or_conflict

_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{1,39}$")
TEXT_FIELDS = {"name": 120, "body_part": 60, "prep_instructions": 4000, "prep_instructions_hi": 4000}
PRICE_FIELDS = ("min_price_paise", "base_price_paise", "max_price_paise")
FLAG_FIELDS = ("needs_contrast", "needs_fasting")
NUMBER_FIELDS = {"duration_minutes": (5, 480), "report_turnaround_hours": (1, 720)}
EDITABLE = (*TEXT_FIELDS, *PRICE_FIELDS, *FLAG_FIELDS, *NUMBER_FIELDS, "modality")


def get_or_raise(session: Session, *, service_id: int) -> Service:
    """A service, active or not."""
    service = session.get(Service, service_id)
    if service is None:
        raise NotFound(f"Service {service_id} does not exist.")
    return service


def get_all(session: Session, *, include_inactive: bool = True) -> list[Service]:
    """Every service, for the catalogue screens (the bot lists active ones through core.catalogue)."""
    query = select(Service).order_by(Service.modality, Service.name)
    return list(session.scalars(query if include_inactive else query.where(Service.is_active)))


def create(session: Session, *, actor: Actor, code: str, **fields: object) -> Service:
    """Add a service to the catalogue; every field of EDITABLE but the Hindi prep and flags is required."""
    actor.require_permission("catalogue.edit")
    missing = [f for f in ("name", "modality", "body_part", *PRICE_FIELDS) if f not in fields]
    if missing:
        raise ValidationError(f"A new service needs {', '.join(missing)}.")
    service = Service(code=_code(code), is_active=True, **_checked(fields))
    _check_template(service.min_price_paise, service.base_price_paise, service.max_price_paise)
    insert_or_conflict(session, service, f"A service with code {service.code} already exists.")
    audit.record(session, actor=actor, action="service.created", entity_type="service", entity_id=service.id,
                 after=_snapshot(service))
    return service


def update(session: Session, *, actor: Actor, service_id: int, **changes: object) -> Service:
    """Change some fields of a service; a new template must still hold every center's price."""
    actor.require_permission("catalogue.edit")
    service = get_or_raise(session, service_id=service_id)
    checked = _checked(changes)
    bounds = [checked.get(f, getattr(service, f)) for f in PRICE_FIELDS]
    _check_template(*bounds)
    _check_offers_fit(session, service, bounds[0], bounds[2], adjustments=None)
    before = _snapshot(service)
    for name, value in checked.items():
        setattr(service, name, value)
    audit.record(session, actor=actor, action="service.updated", entity_type="service", entity_id=service.id,
                 before=before, after=_snapshot(service))
    return service


def deactivate(session: Session, *, actor: Actor, service_id: int, reason: str) -> Service:
    """Stop offering a service: the bot, pages and search stop showing it; its history stays."""
    return _set_active(session, actor, service_id, False, reason)


def reactivate(session: Session, *, actor: Actor, service_id: int, reason: str) -> Service:
    """Offer a deactivated service again."""
    return _set_active(session, actor, service_id, True, reason)


def delete(session: Session, *, actor: Actor, service_id: int) -> None:
    """Remove a service created by mistake; one that any booking, slot or price uses is refused."""
    actor.require_permission("catalogue.edit")
    service = get_or_raise(session, service_id=service_id)
    snapshot = _snapshot(service)
    try:
        with session.begin_nested():
            session.delete(service)
            session.flush()
    except IntegrityError as error:  # the foreign keys of bookings, slots and prices protect the history
        raise Conflict(f"{service.name} is used by bookings, slots or center prices; deactivate it instead.") from error
    audit.record(session, actor=actor, action="service.deleted", entity_type="service", entity_id=service_id,
                 before=snapshot)


def set_city_adjustment(session: Session, *, actor: Actor, service_id: int, city_id: int,
                        adjustment_bps: int | None) -> ServiceCityAdjustment | None:
    """Move a service's template up or down in one city (basis points; None removes the adjustment)."""
    actor.require_permission("catalogue.edit")
    service = get_or_raise(session, service_id=service_id)
    if session.get(City, city_id) is None:
        raise NotFound(f"City {city_id} does not exist.")
    row = _adjustment(session, service_id, city_id)
    before = row.adjustment_bps if row else None
    if adjustment_bps is not None:
        _check_bps(adjustment_bps)
    _check_offers_fit(session, service, service.min_price_paise, service.max_price_paise,
                      adjustments={city_id: adjustment_bps or 0})
    row = _store_adjustment(session, row, service_id, city_id, adjustment_bps)
    audit.record(session, actor=actor, action="service.city_adjustment", entity_type="service",
                 entity_id=service.id, before={"city_id": city_id, "adjustment_bps": before},
                 after={"city_id": city_id, "adjustment_bps": adjustment_bps})
    return row


def price_bounds(session: Session, *, service: Service, city_id: int) -> tuple[int, int]:
    """The lowest and highest price a center in `city_id` may charge for the service."""
    row = _adjustment(session, service.id, city_id)
    return _bounds(service.min_price_paise, service.max_price_paise, row.adjustment_bps if row else 0)


def check_price(session: Session, *, service: Service, city_id: int, price_paise: int) -> int:
    """A center price inside the (city-adjusted) template, or a ValidationError naming the range."""
    check_paise(price_paise, what="price")
    low, high = price_bounds(session, service=service, city_id=city_id)
    if not low <= price_paise <= high:
        raise ValidationError(f"{service.name} must be priced between {rupees(low)} and {rupees(high)}.")
    return price_paise


def _bounds(low: int, high: int, bps: int) -> tuple[int, int]:
    return low + percent_of(low, bps), high + percent_of(high, bps)


def _set_active(session: Session, actor: Actor, service_id: int, active: bool, reason: str) -> Service:
    actor.require_permission("catalogue.edit")
    if not (reason or "").strip():
        raise ValidationError("Say why.")
    service = get_or_raise(session, service_id=service_id)
    before, service.is_active = service.is_active, active
    audit.record(session, actor=actor, action="service.activated" if active else "service.deactivated",
                 entity_type="service", entity_id=service.id, before={"is_active": before},
                 after={"is_active": active}, reason=reason.strip())
    return service


def _check_offers_fit(session: Session, service: Service, low: int, high: int,
                      adjustments: dict[int, int] | None) -> None:
    """Refuse a template that some center's current price would fall outside of."""
    stored = {a.city_id: a.adjustment_bps for a in session.scalars(
        select(ServiceCityAdjustment).where(ServiceCityAdjustment.service_id == service.id))}
    stored.update(adjustments or {})
    rows = session.execute(select(Center.name, Center.city_id, CenterService.price_paise)
                           .join(Center, Center.id == CenterService.center_id)
                           .where(CenterService.service_id == service.id, CenterService.is_active)).all()
    outside = [name for name, city_id, price in rows if not _fits(price, _bounds(low, high, stored.get(city_id, 0)))]
    if outside:
        raise ValidationError(f"{len(outside)} center price(s) would fall outside the template "
                              f"({', '.join(sorted(outside)[:5])}); change those prices first.")


def _fits(price: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= price <= bounds[1]


def _checked(fields: dict[str, object]) -> dict[str, object]:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"Unknown or read-only service field(s): {', '.join(sorted(unknown))}.")
    return {name: _field(name, value) for name, value in fields.items()}


def _field(name: str, value: object) -> object:
    if name in TEXT_FIELDS:
        return _text(name, value, TEXT_FIELDS[name], required=not name.startswith("prep"))
    if name in PRICE_FIELDS:
        return check_paise(value, what=name.removesuffix("_paise").replace("_", " "))
    if name in FLAG_FIELDS:
        if not isinstance(value, bool):
            raise ValidationError(f"{name} must be true or false.")
        return value
    if name in NUMBER_FIELDS:
        return _number(name, value, *NUMBER_FIELDS[name])
    try:
        return Modality(value)
    except ValueError:
        raise ValidationError(f"Modality must be one of {', '.join(m.value for m in Modality)}.") from None


def _text(name: str, value: object, limit: int, *, required: bool) -> str:
    if not isinstance(value, str) or (required and not value.strip()):
        raise ValidationError(f"{name.replace('_', ' ')} is required.")
    if len(value.strip()) > limit:
        raise ValidationError(f"{name.replace('_', ' ')} is longer than {limit} characters.")
    return value.strip()


def _number(name: str, value: object, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(f"{name.replace('_', ' ')} must be a whole number from {low} to {high}.")
    return value


def _code(code: str) -> str:
    code = (code or "").strip().upper()
    if not _CODE.match(code):
        raise ValidationError("A service code is 2-40 capital letters, digits or '-', e.g. MRI-KNEE.")
    return code


def _check_template(low: int, base: int, high: int) -> None:
    if not 0 < low <= base <= high:
        raise ValidationError(f"The template must read minimum <= base <= maximum; got {rupees(low)}, "
                              f"{rupees(base)}, {rupees(high)}.")


def _check_bps(bps: object) -> None:
    if isinstance(bps, bool) or not isinstance(bps, int) or not -5000 <= bps <= 10000:
        raise ValidationError("A city adjustment is a whole number of basis points from -5000 (-50%) to 10000 (+100%).")


def _adjustment(session: Session, service_id: int, city_id: int) -> ServiceCityAdjustment | None:
    return session.scalar(select(ServiceCityAdjustment).where(ServiceCityAdjustment.service_id == service_id,
                                                              ServiceCityAdjustment.city_id == city_id))


def _store_adjustment(session: Session, row, service_id: int, city_id: int, bps: int | None):
    if bps is None:
        if row is not None:
            session.delete(row)
        return None
    if row is not None:
        row.adjustment_bps = bps
        return row
    row = ServiceCityAdjustment(service_id=service_id, city_id=city_id, adjustment_bps=bps)
    insert_or_conflict(session, row, "This city adjustment was just set by someone else; reload.")
    return row



def _snapshot(service: Service) -> dict:
    return audit.snapshot(service, "code", *EDITABLE, "is_active")
