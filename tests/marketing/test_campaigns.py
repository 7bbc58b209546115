"""Campaigns reach only opted-in patients of the audience, once a week at most, once per launch."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from core.actors import Actor
from core.clock import IST, now_utc
from core.errors import Forbidden, IllegalTransition, ValidationError
from core.marketing import campaigns
from core.models import Booking, BookingStatus
from core.models.notifications import Category, Channel, Notification
from core.models.users import Role
from core.notify import consent
from notifications.recipients import set_language


@pytest.fixture
def pune(session, factories):
    """Three Pune patients who booked: two opted in to marketing on WhatsApp, one did not."""
    city = factories.city("Pune")
    slot = factories.slot(factories.center(city))
    people = [factories.patient() for _ in range(3)]
    for patient in people:
        session.add(Booking(reference=f"MZC{patient.id:06d}"[:12], user_id=patient.id, slot_id=slot.id,
                            center_id=slot.center_id, service_id=slot.service_id, status=BookingStatus.COMPLETED,
                            price_paise=500000, patient_name=patient.name))
    for patient in people[:2]:
        consent.record(session, actor=Actor.of(patient), user_id=patient.id, channel=Channel.WHATSAPP,
                       category=Category.MARKETING, granted=True, purpose="WhatsApp opt-in", source="profile")
    session.flush()
    return city, people


@pytest.fixture
def marketer(factories):
    return Actor.of(factories.staff(Role.MARKETING))


def _campaign(session, marketer, city, **kw):
    return campaigns.create(session, actor=marketer, name="Monsoon check-up", template="monsoon_offer",
                            body="10% off full-body MRI this week. Reply STOP to opt out.", city_id=city.id, **kw)


def test_only_opted_in_patients_of_the_audience_get_it(session, marketer, pune, factories):
    city, people = pune
    factories.patient()  # never booked in Pune: not in the audience
    launched = campaigns.launch(session, actor=marketer, campaign_id=_campaign(session, marketer, city).id,
                                now=now_utc(), quiet_hours="")
    assert (launched.audience, launched.queued, launched.skipped_consent, launched.skipped_cap) == (3, 2, 1, 0)
    assert campaigns.progress(session, campaign_id=launched.id) == {"queued": 2}


def test_a_patient_messaged_this_week_is_skipped_and_a_launch_cannot_repeat(session, marketer, pune):
    city, _ = pune
    first = campaigns.launch(session, actor=marketer, campaign_id=_campaign(session, marketer, city).id,
                             now=now_utc(), quiet_hours="")
    with pytest.raises(IllegalTransition):
        campaigns.launch(session, actor=marketer, campaign_id=first.id, now=now_utc(), quiet_hours="")
    second = campaigns.launch(session, actor=marketer, campaign_id=_campaign(session, marketer, city).id,
                              now=now_utc() + timedelta(days=1), quiet_hours="")
    assert (second.queued, second.skipped_cap) == (0, 2)


def test_stop_removes_a_patient_from_the_next_campaign(session, marketer, pune):
    city, people = pune
    consent.opt_out(session, actor=Actor.of(people[0]), user_id=people[0].id, channel=Channel.WHATSAPP,
                    source="whatsapp STOP")
    launched = campaigns.launch(session, actor=marketer, campaign_id=_campaign(session, marketer, city).id,
                                now=now_utc(), quiet_hours="")
    assert (launched.queued, launched.skipped_consent) == (1, 2)


def test_only_marketing_runs_campaigns_and_drafts_are_checked(session, factories, pune, marketer):
    city, _ = pune
    with pytest.raises(Forbidden):
        _campaign(session, Actor.of(factories.staff(Role.SUPPORT_AGENT)), city)
    with pytest.raises(ValidationError):
        campaigns.create(session, actor=marketer, name="", template="x", body="y")
    with pytest.raises(ValidationError):
        _campaign(session, marketer, city, language="fr")


def test_a_campaign_launched_at_night_waits_for_the_morning(session, marketer, pune):
    city, _ = pune
    night = datetime(2031, 1, 10, 22, 30, tzinfo=IST)
    launched = campaigns.launch(session, actor=marketer, campaign_id=_campaign(session, marketer, city).id,
                                now=night, quiet_hours="21:00-08:00")
    waiting = session.query(Notification).filter(Notification.dedup_key.like(f"campaign:{launched.id}|%")).all()
    assert {n.not_before.astimezone(IST) for n in waiting} == {datetime(2031, 1, 11, 8, 0, tzinfo=IST)}


def test_each_patient_gets_the_text_and_template_of_their_language_where_marketing_gave_one(session, marketer,
                                                                                             pune, factories):
    city, people = pune
    extra = factories.patient()  # a third opted-in patient, reading Hinglish, for which no text was given
    like = session.query(Booking).filter_by(user_id=people[0].id).one()
    session.add(Booking(reference=f"MZC{extra.id:06d}"[:12], user_id=extra.id, slot_id=like.slot_id,
                        center_id=like.center_id, service_id=like.service_id, status=BookingStatus.COMPLETED,
                        price_paise=500000, patient_name=extra.name))
    consent.record(session, actor=Actor.of(extra), user_id=extra.id, channel=Channel.WHATSAPP,
                   category=Category.MARKETING, granted=True, purpose="WhatsApp opt-in", source="profile")
    set_language(session, user_id=people[1].id, language="hi")
    set_language(session, user_id=extra.id, language="hinglish")
    hindi = "इस हफ्ते MRI पर 10% छूट। बंद करने के लिए STOP भेजें।"
    made = _campaign(session, marketer, city, translations={"hi": hindi, "hinglish": "  "})
    campaigns.launch(session, actor=marketer, campaign_id=made.id, now=now_utc(), quiet_hours="")
    sent = {n.user_id: (n.language, n.template, n.body) for n in session.query(Notification)
            .filter(Notification.dedup_key.like(f"campaign:{made.id}|%"))}
    english = made.body
    assert sent == {people[0].id: ("en", "monsoon_offer", english), people[1].id: ("hi", "monsoon_offer_hi", hindi),
                    extra.id: ("en", "monsoon_offer", english)}  # Hinglish left empty: English


def test_a_text_in_a_language_we_do_not_send_is_refused(session, marketer, pune):
    with pytest.raises(ValidationError):
        _campaign(session, marketer, pune[0], translations={"fr": "Bonjour"})
