"""The waitlist end to end: no slot -> join; capacity opens (import, unblock, cancellation) -> the outbox
handler tells the waiting patient once, in their language, with a slot that is really free."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from core import languages, waitlist
from core.actors import SYSTEM, Actor
from core.booking import blocking, service as bookings
from core.clock import IST, now_utc, show
from core.errors import Forbidden, ValidationError
from core.models import Center, Role, Service, User
from core.models.notifications import Notification
from core.models.waitlist import WaitlistEntry, WaitlistStatus
from core.slots import importer
from tests.factories import Factories
from tests.slots.helpers import csv_file, row

OPS = Actor(Role.OPS_MANAGER)


@dataclass
class Full:
    """A scan in a city whose only slot on `day` is taken by someone else; `waiter` wants that day."""
    center_id: int
    city_id: int
    service_id: int
    day: date
    taken_booking_id: int
    waiter_id: int


@pytest.fixture
def full(container) -> Full:
    starts = _slot_start(now_utc().astimezone(IST).date() + timedelta(days=5), 11)
    with container.uow() as uow:
        f = Factories(uow.session)
        center, scan = f.center(), f.service()
        slot = f.slot(center, scan, starts_at=starts)
        other, waiter = f.patient(), f.patient()
        taken = bookings.hold(uow.session, actor=Actor.of(other), user_id=other.id, slot_id=slot.id,
                              patient=bookings.PatientDetails("Ravi Kumar"))
        bookings.mark_paid(uow.session, booking_id=taken.id)
        full = Full(center.id, center.city_id, scan.id, starts.astimezone(IST).date(), taken.id, waiter.id)
        uow.commit()
    container.jobs.drain()
    return full


def _join(container, full: Full, *, user_id: int | None = None, days: int = 0) -> None:
    user_id = user_id or full.waiter_id
    with container.uow() as uow:
        waitlist.join(uow.session, actor=Actor(Role.PATIENT, user_id), user_id=user_id, service_id=full.service_id,
                      city_id=full.city_id, date_from=full.day + timedelta(days=days),
                      date_to=full.day + timedelta(days=days), now=now_utc())
        uow.commit()


def _slot_start(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), IST)


def _told(container, user_id: int) -> list[Notification]:
    with container.session_factory() as session:
        return list(session.scalars(select(Notification).where(
            Notification.user_id == user_id, Notification.trigger == "waitlist_slot_open")))


def _in_uow(container, work) -> None:
    with container.uow() as uow:
        work(uow.session)
        uow.commit()
    container.jobs.drain()


def test_a_cancellation_tells_the_waiting_patient_once_in_their_language(container, full):
    _join(container, full)
    _in_uow(container, lambda s: languages.set_setting(s, user_id=full.waiter_id, language="hi"))
    _in_uow(container, lambda s: bookings.cancel(s, actor=OPS, booking_id=full.taken_booking_id, reason="ill"))

    [told] = _told(container, full.waiter_id)
    assert told.language == "hi" and "स्लॉट खुला है" in told.body and "Lotus Diagnostics" in told.body
    with container.session_factory() as session:
        entry = session.scalar(select(WaitlistEntry).where(WaitlistEntry.user_id == full.waiter_id))
        assert entry.status is WaitlistStatus.NOTIFIED and entry.slot_id is not None
    waitlist_again = lambda s: waitlist.opened(s, city_id=full.city_id, service_id=None,  # noqa: E731
                                               first_day=full.day, last_day=full.day)
    _in_uow(container, waitlist_again)  # the same news again (a redelivery, another release) sends nothing
    assert len(_told(container, full.waiter_id)) == 1


def test_imported_slots_tell_the_waiting_patient(container, full):
    _join(container, full)
    with container.session_factory() as session:
        center, scan = session.get(Center, full.center_id), session.get(Service, full.service_id)
        data = csv_file(row(center, scan, day=full.day.isoformat(), start="15:00", end="16:00"))
    _in_uow(container, lambda s: importer.run(s, actor=SYSTEM, data=data))

    [told] = _told(container, full.waiter_id)
    assert told.language == "en" and "slot opened" in told.body and show(_slot_start(full.day, 15)) in told.body


def test_unblocked_slots_tell_the_waiting_patient(container, full):
    with container.session_factory() as session:
        slot_start = _slot_start(full.day, 20)
        Factories(session).slot(session.get(Center, full.center_id), session.get(Service, full.service_id),
                                starts_at=slot_start, is_blocked=True)
        session.commit()
    _join(container, full)
    assert _told(container, full.waiter_id) == []
    _in_uow(container, lambda s: blocking.unblock(s, actor=OPS, center_id=full.center_id, starts_at=slot_start,
                                                  ends_at=slot_start + timedelta(hours=1), reason="machine fixed"))
    assert len(_told(container, full.waiter_id)) == 1


def test_a_patient_waiting_for_another_week_is_not_told(container, full):
    _join(container, full, days=14)
    _in_uow(container, lambda s: bookings.cancel(s, actor=OPS, booking_id=full.taken_booking_id, reason="ill"))
    assert _told(container, full.waiter_id) == []


def test_asking_twice_widens_one_entry(session, factories):
    patient, scan, city = factories.patient(), factories.service(), factories.city()
    today = now_utc().astimezone(IST).date()
    for offset in (3, 9):
        waitlist.join(session, actor=Actor.of(patient), user_id=patient.id, service_id=scan.id, city_id=city.id,
                      date_from=today + timedelta(days=offset), date_to=today + timedelta(days=offset),
                      now=now_utc())
    [entry] = session.scalars(select(WaitlistEntry).where(WaitlistEntry.user_id == patient.id))
    assert (entry.date_from, entry.date_to) == (today + timedelta(days=3), today + timedelta(days=9))


def test_joining_is_checked(session, factories):
    patient, other, scan, city = factories.patient(), factories.patient(), factories.service(), factories.city()
    today = now_utc().astimezone(IST).date()
    wish = dict(user_id=patient.id, service_id=scan.id, city_id=city.id, now=now_utc())
    with pytest.raises(Forbidden):
        waitlist.join(session, actor=Actor.of(other), date_from=today, date_to=today, **wish)
    with pytest.raises(ValidationError):
        waitlist.join(session, actor=Actor.of(patient), date_from=today, date_to=today + timedelta(days=90), **wish)
    with pytest.raises(ValidationError):
        waitlist.join(session, actor=Actor.of(patient), date_from=today - timedelta(days=5),
                      date_to=today - timedelta(days=2), **wish)
    assert session.scalars(select(User).where(User.id == patient.id)).one()
