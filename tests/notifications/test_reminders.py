"""Reminders from the periodic sweep: due ones once, moved by a reschedule, none after a cancellation."""
from __future__ import annotations

from datetime import timedelta

from core.actors import Actor
from core.booking import service as bookings
from core.clock import IST, ist_datetime, now_utc
from core.models import Booking, Role
from core.models.notifications import NotificationState as S
from notifications import jobs, reminders
from tests.factories import Factories
from tests.notifications.conftest import deliver, paid_booking, rows


def _sweep(c, now=None):
    with c.uow() as uow:
        queued = reminders.run(uow.session, settings=c.settings, now=now)
        uow.commit()
    c.jobs.drain()
    return queued


def _reminders(c, booking):
    return [r for r in rows(c, booking_id=booking.id) if r.trigger in reminders.REMINDERS]


def _starts(c, booking):
    with c.session_factory() as session:
        return session.get(Booking, booking.id).slot.starts_at


def test_the_24h_reminder_goes_once_however_often_the_sweep_runs(c):
    booking = paid_booking(c, starts_in=timedelta(hours=20))
    moment = _paid_earlier(c, booking)
    _sweep(c, moment)
    _sweep(c, moment)
    [reminder] = _reminders(c, booking)
    assert reminder.trigger == "reminder_24h" and reminder.state is S.SENT and booking.reference in reminder.body


def test_the_2h_reminder_follows_in_its_own_window(c):
    booking = paid_booking(c, starts_in=timedelta(hours=1, minutes=30))
    _paid_earlier(c, booking)
    _sweep(c)
    assert [r.trigger for r in _reminders(c, booking)] == ["reminder_2h"]


def test_fasting_scans_get_a_prep_reminder_the_evening_before(c):
    booking = paid_booking(c, starts_in=timedelta(days=2), prep="Fast for 6 hours before the scan.")
    _paid_earlier(c, booking, days=3)
    starts = _starts(c, booking)
    six_pm = ist_datetime(starts.astimezone(IST).date() - timedelta(days=1), reminders.PREP_EVENING)
    _sweep(c, six_pm + timedelta(minutes=1))
    assert "prep_reminder" in [r.trigger for r in _reminders(c, booking)]


def test_no_reminder_after_a_cancellation(c):
    booking = paid_booking(c, starts_in=timedelta(hours=20))
    moment = _paid_earlier(c, booking)
    with c.uow() as uow:
        bookings.cancel(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), booking_id=booking.id, reason="asked")
        uow.session.commit()
    _sweep(c, moment)
    assert _reminders(c, booking) == []


def test_a_reminder_queued_before_the_cancellation_is_cancelled_not_sent(c):
    booking = paid_booking(c, starts_in=timedelta(hours=20))
    moment = _paid_earlier(c, booking)
    with c.uow() as uow:  # queued, but its job has not run yet
        reminders.run(uow.session, settings=c.settings, now=moment)
        uow.session.commit()
    with c.uow() as uow:
        bookings.cancel(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), booking_id=booking.id, reason="asked")
        uow.session.commit()
    deliver(c, "booking_cancelled", booking_id=booking.id, was="pending", by="support_agent")
    [reminder] = _reminders(c, booking)
    assert reminder.state is S.CANCELLED


def test_a_reschedule_moves_the_reminders_to_the_new_time(c):
    booking = paid_booking(c, starts_in=timedelta(hours=20))
    moment = _paid_earlier(c, booking)
    _sweep(c, moment)  # the 24h reminder for the old time went out
    with c.uow() as uow:
        new_slot = _reschedule(uow.session, booking, later=timedelta(hours=1))
        uow.session.commit()
    _sweep(c, moment + timedelta(minutes=1))  # a fresh 24h reminder for the new slot
    old, new = _reminders(c, booking)
    assert old.variables["slot_id"] != new.variables["slot_id"] == str(new_slot.id)
    assert new.state is S.SENT


def test_a_reminder_for_the_old_slot_still_queued_is_cancelled_at_send_time(c):
    booking = paid_booking(c, starts_in=timedelta(hours=20))
    moment = _paid_earlier(c, booking)
    with c.uow() as uow:
        reminders.run(uow.session, settings=c.settings, now=moment)  # queued; its job has not run yet
        _reschedule(uow.session, booking, later=timedelta(days=2))
        uow.session.commit()
    [stale] = _reminders(c, booking)
    assert jobs.send(c, stale.id) == "cancelled"


def test_a_paid_booking_unconfirmed_past_the_sla_alerts_the_center(c):
    booking = paid_booking(c, starts_in=timedelta(days=2))
    _paid_earlier(c, booking, hours=3)
    _sweep(c)
    alerts = rows(c, trigger="center_unconfirmed", booking_id=booking.id)
    assert alerts and all(a.center_id == booking.center_id for a in alerts)


def _reschedule(session, booking, *, later: timedelta):
    """Support moves the booking to a new slot `later` than its current one; returns the new slot."""
    b = session.get(Booking, booking.id)
    new_slot = Factories(session).slot(center=b.center, service=b.service, starts_at=b.slot.starts_at + later)
    bookings.reschedule(session, actor=Actor(Role.SUPPORT_AGENT, None), booking_id=booking.id,
                        new_slot_id=new_slot.id)
    return new_slot


def _paid_earlier(c, booking, *, days=0, hours=0):
    """Pretend the booking was paid well before its reminders fell due; returns a moment inside the 24h window."""
    with c.uow() as uow:
        b = uow.session.get(Booking, booking.id)
        b.paid_at = b.created_at = now_utc() - timedelta(days=days or 1, hours=hours)
        if hours:
            b.paid_at = now_utc() - timedelta(hours=hours)
        uow.commit()
    return now_utc()


def test_medezy_reminders_run_queues_and_sends_what_is_due(c):
    from click.testing import CliRunner
    from console.cli import main
    booking = paid_booking(c, starts_in=timedelta(hours=20))
    _paid_earlier(c, booking)
    result = CliRunner().invoke(main, ["reminders", "run"], obj=c)
    c.jobs.drain()
    assert result.exit_code == 0, result.output
    assert "reminders" in result.output and [r.trigger for r in _reminders(c, booking)] == ["reminder_24h"]
