"""Domain events become notifications: the right text, channels, language, once."""
from __future__ import annotations


from core.actors import Actor
from core.booking import service as bookings
from core.models import Booking, Role
from core.models.notifications import Channel, NotificationState as S
from notifications import recipients
from tests.factories import Factories
from tests.notifications.conftest import deliver, paid_booking, rows


def test_the_same_event_twice_sends_each_message_once(c):
    booking = paid_booking(c)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert row.state is S.SENT and row.channel is Channel.WHATSAPP and row.provider == "sandboxmessaging"


def test_confirmation_goes_by_whatsapp_and_email_with_address_map_and_prep(c):
    booking = paid_booking(c, email=True, prep="Fast for 6 hours before the scan.")
    deliver(c, "booking_confirmed", booking_id=booking.id)
    whatsapp, email = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert (whatsapp.channel, email.channel) == (Channel.WHATSAPP, Channel.EMAIL)
    assert "Shanti Plaza" in whatsapp.body and "maps.google.com" in whatsapp.body and "Fast for 6 hours" in whatsapp.body
    assert email.subject.startswith(f"Booking {booking.reference} confirmed") and email.state is S.SENT


def test_a_hindi_reader_gets_hindi(c):
    booking = paid_booking(c)
    with c.uow() as uow:
        recipients.set_language(uow.session, user_id=booking.user_id, language="hi")
        uow.commit()
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert row.language == "hi" and "पुष्टि हो गई" in row.body


def test_payment_tells_the_patient_and_alerts_the_center(c):
    booking = paid_booking(c)
    deliver(c, "booking_paid", booking_id=booking.id)
    assert "Waiting for the center to confirm" in rows(c, trigger="booking_paid", booking_id=booking.id)[0].body
    alerts = rows(c, trigger="center_new_booking", booking_id=booking.id)
    assert {a.channel for a in alerts} == {Channel.EMAIL, Channel.SMS}
    assert all(a.center_id == booking.center_id and a.state is S.SENT for a in alerts)


def test_a_cancellation_by_the_center_tells_the_patient_the_refund(c):
    booking = paid_booking(c)
    with c.uow() as uow:
        center = uow.session.get(Booking, booking.id).center
        partner = Factories(uow.session).staff(Role.PARTNER_STAFF, center=center)
        bookings.cancel(uow.session, actor=Actor.of(partner), booking_id=booking.id, reason="machine down")
        uow.session.commit()
    deliver(c, "booking_cancelled", booking_id=booking.id, was="pending", by="partner_staff")
    [row] = rows(c, trigger="booking_cancelled", booking_id=booking.id)
    assert "cancelled by the center" in row.body and ("refund" in row.body.lower() or "No payment" in row.body)


def test_an_opted_out_patient_gets_nothing_on_that_channel(c):
    from core.notify import consent
    booking = paid_booking(c)
    with c.uow() as uow:
        consent.opt_out(uow.session, actor=Actor(Role.PATIENT, booking.user_id), user_id=booking.user_id,
                        channel=Channel.WHATSAPP, source="test")
        uow.commit()
    deliver(c, "booking_confirmed", booking_id=booking.id)
    assert rows(c, trigger="booking_confirmed", booking_id=booking.id) == []


def test_outside_quiet_hours_urgent_goes_now_and_the_rest_waits_for_eight(build):
    from core.clock import IST
    from core.notify.quiet_hours import QuietHours
    from datetime import datetime
    quiet = QuietHours.parse("21:00-08:00")
    late = datetime(2026, 12, 1, 22, 30, tzinfo=IST)
    assert quiet.release_at(late, urgent=True) == late
    assert quiet.release_at(late, urgent=False) == datetime(2026, 12, 2, 8, 0, tzinfo=IST)
    early = datetime(2026, 12, 2, 6, 0, tzinfo=IST)
    assert quiet.release_at(early, urgent=False) == datetime(2026, 12, 2, 8, 0, tzinfo=IST)
    noon = datetime(2026, 12, 2, 12, 0, tzinfo=IST)
    assert quiet.release_at(noon, urgent=False) == noon


def test_a_non_urgent_message_queued_at_night_is_not_sent_before_eight(build):
    from unittest import mock
    from core.clock import IST
    from datetime import datetime
    c = build(quiet_hours="21:00-08:00")
    booking = paid_booking(c)
    night = datetime(2026, 12, 1, 23, 0, tzinfo=IST)
    with mock.patch("core.notify.queue.now_utc", return_value=night):
        deliver(c, "refund_issued", refund_id=_refund(c, booking), booking_id=booking.id)
    [row] = rows(c, trigger="refund_issued", booking_id=booking.id)
    assert row.state is S.QUEUED and row.not_before == datetime(2026, 12, 2, 8, 0, tzinfo=IST)


def _refund(c, booking) -> int:
    from core.models.payments import Payment
    from core.models.refunds import Refund, RefundKind, RefundStatus
    with c.uow() as uow:
        payment = Payment(booking_id=booking.id, amount_paise=500000, provider="sandbox")
        uow.session.add(payment)
        uow.session.flush()
        refund = Refund(payment_id=payment.id, booking_id=booking.id, amount_paise=250000, kind=RefundKind.POLICY,
                        status=RefundStatus.PROCESSED, reason="test", idempotency_key=f"t-{payment.id}",
                        requested_by_role=Role.SYSTEM)
        uow.session.add(refund)
        uow.session.commit()
        return refund.id


def test_a_resolved_ticket_is_announced_to_the_patient(c):
    from core import tickets
    from tests.notifications.conftest import deliver as run_outbox
    booking = paid_booking(c)
    with c.uow() as uow:
        ticket = tickets.open_ticket(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), user_id=booking.user_id,
                                     subject="Report not received", booking_id=booking.id)
        tickets.resolve(uow.session, actor=Actor(Role.SUPPORT_AGENT, None), ticket_id=ticket.id, resolution="resent")
        uow.session.commit()
    run_outbox(c, "ticket_updated", ticket_id=ticket.id, status="resolved")
    [row] = rows(c, trigger="ticket_update", booking_id=booking.id)
    assert f"#{ticket.id}" in row.body and "resolved" in row.body and row.state is S.SENT
