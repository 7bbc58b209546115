"""The embedded default (SQLite, jobs on a thread) sends notifications the same way."""
from __future__ import annotations

from wiring.container import build as build_container
from core.models.notifications import Category, Channel, NotificationState as S
from core.notify import consent
from core.actors import Actor
from tests.notifications.conftest import deliver, notify_settings, paid_booking, rows


def test_a_confirmation_is_sent_on_sqlite(sqlite_url, tmp_path):
    c = build_container(notify_settings(sqlite_url, tmp_path))
    try:
        booking = paid_booking(c)
        deliver(c, "booking_confirmed", booking_id=booking.id)
        deliver(c, "booking_confirmed", booking_id=booking.id)
        [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
        assert row.state is S.SENT and row.provider_message_id
    finally:
        c.jobs.drain()
        c.engine.dispose()


def test_marketing_needs_an_opt_in_and_the_newest_entry_wins(any_session, any_factories):
    patient = any_factories.patient()
    allowed = lambda: consent.allows(any_session, user_id=patient.id, channel=Channel.WHATSAPP,  # noqa: E731
                                     category=Category.MARKETING)
    assert not allowed()
    for granted in (True, False, True):
        consent.record(any_session, actor=Actor.of(patient), user_id=patient.id, channel=Channel.WHATSAPP,
                       category=Category.MARKETING, granted=granted, purpose="WhatsApp offers opt-in",
                       source="profile")
        any_session.flush()
    assert allowed() and [e.granted for e in consent.history(any_session, user_id=patient.id)] == [True, False, True]
    assert consent.allows(any_session, user_id=patient.id, channel=Channel.SMS, category=Category.UTILITY)
