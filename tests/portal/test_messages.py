"""Messages: what was sent, when and on which channel; consent per channel recorded in the ledger."""
from __future__ import annotations

from sqlalchemy import select

from core.models.notifications import Category, Channel, ConsentEntry, Notification
from core.notify import consent
from tests.conftest import csrf_token


def _choose(client, **fields):
    token = csrf_token(client.get("/me/messages").get_data(as_text=True))
    response = client.post("/me/messages/consent", data={"csrf_token": token, **fields})
    assert response.status_code == 302
    return client.get(response.location).get_data(as_text=True)


def test_the_page_lists_what_was_sent_with_its_channel_and_time(container, signed_in, asha):
    with container.session_factory() as session:
        triggers = set(session.scalars(select(Notification.trigger).where(Notification.user_id == asha.user_id)))
    assert "booking_confirmed" in triggers
    page = signed_in(asha).get("/me/messages").get_data(as_text=True)
    assert "Booking confirmed</strong> · WhatsApp" in page and " IST" in page


def test_a_patient_turns_offers_on_email_on_and_booking_sms_off(container, signed_in, asha):
    client = signed_in(asha)
    assert "we will message you there" in _choose(client, channel="email", category="marketing", allowed="yes")
    assert "we will not message you there" in _choose(client, channel="sms", category="utility", allowed="no")
    with container.session_factory() as session:
        assert consent.allows(session, user_id=asha.user_id, channel=Channel.EMAIL, category=Category.MARKETING)
        assert not consent.allows(session, user_id=asha.user_id, channel=Channel.SMS, category=Category.UTILITY)
        sources = set(session.scalars(select(ConsentEntry.source).where(ConsentEntry.user_id == asha.user_id)))
    assert sources == {"portal"}


def test_an_unknown_channel_is_refused_and_records_nothing(container, signed_in, asha):
    assert "Pick one of the channels" in _choose(signed_in(asha), channel="pigeon", category="utility", allowed="no")
    with container.session_factory() as session:
        assert session.scalar(select(ConsentEntry).where(ConsentEntry.user_id == asha.user_id)) is None


def test_an_email_confirmation_link_is_listed_but_its_text_is_not_shown(signed_in, asha):
    client = signed_in(asha)
    token = csrf_token(client.get("/me/profile").get_data(as_text=True))
    client.post("/me/profile/email", data={"csrf_token": token, "email": "asha@example.com"})
    page = client.get("/me/messages").get_data(as_text=True)
    assert "Email verification" in page and "/me/email/verify?token=" not in page
