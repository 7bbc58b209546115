"""Sending: retries with backoff, SMS fallback, DLT refusal before sending, attempts recorded first."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import now_utc
from core.models import Booking
from core.models.notifications import Channel, NotificationState as S
from core.notify import delivery
from notifications import facts, jobs, outgoing, recipients
from tests.fake_http import Reply
from tests.notifications.conftest import deliver, paid_booking, rows
from tests.notifications.fakes import FakeGupshup, FakeGupshupSms


@pytest.fixture
def gupshup():
    with FakeGupshup() as fake:
        yield fake


@pytest.fixture
def c(build, gupshup):
    return build(messaging_provider="gupshup", gupshup_base_url=gupshup.url, gupshup_api_key="gs-key",
                 gupshup_source="917834811114", gupshup_app_name="medezy")


def test_gupshup_takes_the_message_and_its_id_is_kept(c, gupshup):
    booking = paid_booking(c)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    [sent] = gupshup.sent
    assert row.state is S.SENT and row.provider == "gupshup" and row.provider_message_id == sent["id"]
    assert row.attempts == 1


def test_a_busy_provider_is_retried_after_a_pause(c, gupshup):
    gupshup.fail_with = Reply(503, {"status": "error", "message": "busy"})
    booking = paid_booking(c)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert row.state is S.QUEUED and row.attempts == 1 and row.not_before > now_utc() + timedelta(seconds=5)
    gupshup.fail_with = None
    _send_when_due(c, row.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert row.state is S.SENT and row.attempts == 2 and len(gupshup.sent) == 1


def test_whatsapp_that_keeps_failing_falls_back_to_sms(c, gupshup):
    gupshup.fail_with = Reply(400, {"status": "error", "message": "Invalid Destination"})
    booking = paid_booking(c)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    whatsapp, sms = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert whatsapp.state is S.FAILED and "Invalid Destination" in whatsapp.error
    assert sms.channel is Channel.SMS and sms.fallback_of_id == whatsapp.id and sms.state is S.SENT
    assert sms.body.startswith(f"MedEzy: booking {booking.reference} confirmed")


def test_an_sms_off_its_dlt_template_is_refused_before_sending(build):
    from core.notify.channels import DltTemplate
    fake_template = DltTemplate("1107000000000000009", "MedEzy: {#var#}")
    with FakeGupshupSms(dlt={fake_template.template_id: ("1101", "MEDEZY", fake_template)}) as sms:
        c = build(sms_provider="gupshup", gupshup_sms_base_url=sms.url, gupshup_sms_userid=sms.userid,
                  gupshup_sms_password=sms.password, sms_dlt_entity_id="1101", sms_dlt_header="MEDEZY",
                  sms_dlt_template_ids="manual=1107000000000000009")
        booking = paid_booking(c)
        from core.actors import Actor
        from core.models import Role
        from core.notify import manual
        with c.uow() as uow:
            ok = manual.send(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), channel=Channel.SMS,
                             text="Your scan is on time", booking_id=booking.id)
            unregistered = manual.send(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), channel=Channel.SMS,
                                       text="This one is far too long for one DLT variable", booking_id=booking.id)
            uow.commit()
        c.jobs.drain()
        sent_ok, refused = rows(c, id=ok.id)[0], rows(c, id=unregistered.id)[0]
    assert sent_ok.state is S.SENT and len(sms.sent) == 1 and sms.sent[0]["dltTemplateId"] == "1107000000000000009"
    assert refused.state is S.FAILED and "does not match DLT template" in refused.error


def test_an_attempt_that_never_came_back_is_not_sent_again(c, gupshup):
    booking = paid_booking(c)
    with c.uow() as uow:
        b = uow.session.get(Booking, booking.id)
        [row] = outgoing.notify(uow.session, c.settings, trigger="reminder_24h", event="stale-test",
                                to=recipients.patient(uow.session, b.user), variables=facts.booking(b),
                                booking_id=b.id)
        delivery.record_attempt(delivery.claim(uow.session, row.id))  # then the worker died before the outcome
        uow.session.commit()
    c.jobs.drain()
    assert jobs.send(c, row.id) == "skipped" and gupshup.sent == []
    later = now_utc() + delivery.STALE_ATTEMPT + timedelta(seconds=1)
    with c.uow() as uow:
        assert delivery.flag_stale_attempts(uow.session, now=later) >= 1
        uow.commit()
    [flagged] = rows(c, id=row.id)
    assert flagged.state is S.FAILED and flagged.error.startswith("outcome unknown")


def _send_when_due(c, notification_id: int) -> None:
    with c.uow() as uow:
        row = delivery.get(uow.session, notification_id)
        row.not_before = now_utc() - timedelta(seconds=1)  # the backoff has passed
        uow.commit()
    assert jobs.send(c, notification_id) == "sent"
