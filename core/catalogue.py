"""What MedEzy offers: services, cities and prices, as the bot and pages show them."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from core import analytics
from core.errors import NotFound
from core.models.centers import Center, CenterService, VerificationStatus
from core.models.cities import City
from core.models.services import Service


@dataclass(frozen=True)
class PriceRange:
    service: Service
    city: City
    lowest_paise: int
    highest_paise: int
    centers: int


def list_services(session: Session) -> list[Service]:
    return list(session.scalars(select(Service).where(Service.is_active).order_by(Service.modality, Service.name)))


def list_cities(session: Session) -> list[City]:
    return list(session.scalars(select(City).where(City.is_active).order_by(City.name)))


def find_service(session: Session, text: str) -> Service | None:
    """Match a service by code or name words, e.g. 'mri knee' -> MRI Knee."""
    words = text.lower().replace("-", " ").split()
    for service in list_services(session):
        haystack = f"{service.code} {service.name} {service.modality.value} {service.body_part}".lower().replace("-", " ")
        if words and all(word in haystack for word in words):
            return service
    return None


def find_city(session: Session, text: str) -> City | None:
    wanted = text.strip().lower()
    return session.scalar(select(City).where(func.lower(City.name) == wanted, City.is_active))


def view_service(session: Session, *, service_id: int, user_id: int | None = None) -> Service:
    """Fetch a service for display and record that it was viewed."""
    service = session.get(Service, service_id)
    if service is None or not service.is_active:
        raise NotFound(f"Service {service_id} is not offered.")
    analytics.record(session, "service_viewed", user_id=user_id, service_id=service.id)
    return service


def record_views(session: Session, *, service_ids: list[int], user_id: int | None, city_id: int | None = None,
                 channel: str = "whatsapp") -> None:
    """A patient looked at these scans (a price answer, a list of scans, the booking form's choice): the
    funnel's first step. The city, when known, lets the funnel be cut by city before any booking exists."""
    place = {"city_id": city_id} if city_id is not None else {}
    for service_id in dict.fromkeys(service_ids):
        analytics.record(session, "service_viewed", user_id=user_id, service_id=service_id, channel=channel, **place)


def price_range(session: Session, *, service_id: int, city_id: int) -> PriceRange | None:
    """Lowest and highest price of a service across verified centers in a city."""
    row = session.execute(
        select(func.min(CenterService.price_paise), func.max(CenterService.price_paise), func.count())
        .join(Center, Center.id == CenterService.center_id)
        .where(CenterService.service_id == service_id, CenterService.is_active, Center.city_id == city_id,
               Center.verification_status == VerificationStatus.VERIFIED)
    ).one()
    if not row[2]:
        return None
    return PriceRange(session.get(Service, service_id), session.get(City, city_id), row[0], row[1], row[2])


def rupees(paise: int) -> str:
    """₹1,234 or ₹1,234.50 with Indian digit grouping (12,34,567)."""
    whole, fraction = divmod(paise, 100)
    digits = str(whole)
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        head, groups = head[:-2], [head[-2:], *groups]
    grouped = ",".join([g for g in [head, *groups] if g] + [tail])
    return f"₹{grouped}" + (f".{fraction:02d}" if fraction else "")
