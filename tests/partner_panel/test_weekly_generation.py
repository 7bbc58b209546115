"""Weekly templates generate slots idempotently on both backends, never on top of an existing slot."""
from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.clock import IST, now_utc
from core.errors import Forbidden, ValidationError
from core.models import Role, Slot
from core.models.availability import AvailabilityTemplate
from core.slots import weekly
from tests.factories import Factories
from wiring import tasks


def _setup(f):
    center, service = f.center(), f.service()
    f.offer(center, service)
    return center, service, Actor.of(f.staff(Role.PARTNER_STAFF, center=center))


def _count(session, center_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Slot).where(Slot.center_id == center_id))


def test_generation_fills_the_days_ahead_once_and_skips_overlaps(any_session, any_factories):
    center, service, partner = _setup(any_factories)
    tomorrow = now_utc().astimezone(IST).date() + timedelta(days=1)
    existing = datetime.combine(tomorrow, time(9, 15), tzinfo=IST)  # straddles the 09:00 and 09:30 slots
    any_factories.slot(center, service, starts_at=existing)
    weekly.create(any_session, actor=partner, center_id=center.id,
                  weekly=weekly.Weekly(service.id, str(tomorrow.weekday()), time(9), time(11), 30, 2))
    created = weekly.generate(any_session, today=tomorrow, days=1, center_id=center.id)
    assert created == 2 and _count(any_session, center.id) == 3  # 10:00 and 10:30, beside the existing one
    assert weekly.generate(any_session, today=tomorrow, days=1, force=True, center_id=center.id) == 0


def test_a_template_for_another_center_or_with_bad_hours_is_refused(session, factories):
    center, service, partner = _setup(factories)
    other, _, _ = _setup(factories)
    with pytest.raises(Forbidden):
        weekly.create(session, actor=partner, center_id=other.id,
                      weekly=weekly.Weekly(service.id, "0", time(9), time(11), 30, 1))
    with pytest.raises(ValidationError, match="shorter than one slot"):
        weekly.create(session, actor=partner, center_id=center.id,
                      weekly=weekly.Weekly(service.id, "0", time(9), time(9, 20), 30, 1))
    with pytest.raises(ValidationError, match="at least one day"):
        weekly.create(session, actor=partner, center_id=center.id,
                      weekly=weekly.Weekly(service.id, "9", time(9), time(11), 30, 1))


def test_a_retired_template_generates_nothing_more(session, factories):
    center, service, partner = _setup(factories)
    template = weekly.create(session, actor=partner, center_id=center.id,
                             weekly=weekly.Weekly(service.id, "0123456", time(9), time(10), 60, 1))
    weekly.retire(session, actor=partner, center_id=center.id, template_id=template.id)
    assert weekly.generate(session, today=now_utc().astimezone(IST).date(), center_id=center.id) == 0


def test_the_worker_sweep_keeps_templates_generated_ahead(container):
    """A template saved without generating (an import, a restore) is filled in by the minute sweep."""
    with container.uow() as uow:
        f = Factories(uow.session)
        center, service = f.center(), f.service()
        f.offer(center, service)
        uow.session.add(AvailabilityTemplate(center_id=center.id, service_id=service.id, weekdays="0123456",
                                             opens_at=time(7), closes_at=time(8), slot_minutes=60, capacity=1))
        uow.commit()
    tasks.sweep(container)
    with container.session_factory() as session:
        assert weekly.DAYS_AHEAD - 1 <= _count(session, center.id) <= weekly.DAYS_AHEAD
