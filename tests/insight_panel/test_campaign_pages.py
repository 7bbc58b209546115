"""Marketing's campaign screens: create for an audience picked by name, preview the opted-in count, send in the
background once, follow delivery."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from core.actors import Actor
from core.clock import now_utc
from core.models import Booking, BookingStatus, Role
from core.models.campaigns import Campaign, CampaignStatus
from core.models.notifications import Category, Channel, Notification
from core.notify import consent
from core.notify.queue import Draft, queue
from tests.conftest import csrf_token
from tests.factories import Factories


@pytest.fixture
def audience(container):
    """Four patients who booked in one city: opted in; opted in but messaged 2 days ago; opted in then out;
    never asked. One more opted-in patient booked elsewhere."""
    with container.session_factory() as session:
        f = Factories(session)
        city, elsewhere = f.city(), f.city()
        people = [f.patient() for _ in range(5)]
        for person, place in zip(people, [city] * 4 + [elsewhere]):
            slot = f.slot(f.center(place))
            session.add(Booking(reference=f"CP{person.id:08d}", user_id=person.id, slot_id=slot.id,
                                center_id=slot.center_id, service_id=slot.service_id, status=BookingStatus.COMPLETED,
                                price_paise=100000, patient_name=person.name, source="whatsapp",
                                created_at=now_utc() - timedelta(days=5)))
        for person, granted in [(people[0], [True]), (people[1], [True]), (people[2], [True, False]),
                                (people[4], [True])]:
            for decision in granted:
                consent.record(session, actor=Actor.of(person), user_id=person.id, channel=Channel.WHATSAPP,
                               category=Category.MARKETING, granted=decision, purpose="offers", source="test")
        queue(session, Draft(trigger="campaign", event=f"earlier:{people[1].id}", channel=Channel.WHATSAPP,
                             address=people[1].phone, body="Earlier offer", recipient=f"user:{people[1].id}",
                             category=Category.MARKETING, template="offer", user_id=people[1].id),
              now=now_utc() - timedelta(days=2))
        session.commit()
        return {"city": city.id, "city_name": city.name, "people": [p.id for p in people]}


def _create(client, **fields):
    page = client.get("/admin/campaigns/new").get_data(as_text=True)
    token = csrf_token(page.split("<main", 1)[1])
    data = {"csrf_token": token, "name": "Monsoon MRI offer", "template": "monsoon_offer",
            "body": "10% off MRI this week. Reply STOP to opt out.", "city_id": "", "service_id": "",
            "booked_within_days": "", "language": "", **fields}
    return page, client.post("/admin/campaigns/new", data=data)


def _figure(page: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', page).group(1)


def test_a_campaign_previews_its_opted_in_audience_then_sends_once_in_the_background(container, login, staff, audience):
    client, _ = login(staff[Role.MARKETING])
    form, made = _create(client, city_id=str(audience["city"]), booked_within_days="30")
    assert f'<option value="{audience["city"]}">{audience["city_name"]}</option>' in form
    assert made.status_code == 302
    detail = client.get(made.location).get_data(as_text=True)
    assert (_figure(detail, "matching"), _figure(detail, "opted_in"), _figure(detail, "reachable")) == ("4", "2", "1")
    token = csrf_token(detail.split("<main", 1)[1])
    sent = client.post(made.location + "/send", data={"csrf_token": token})
    assert sent.status_code == 302
    container.jobs.drain()
    again = client.post(made.location + "/send", data={"csrf_token": token})
    assert again.status_code == 422  # already sent: nothing is queued twice
    container.jobs.drain()
    page = client.get(made.location).get_data(as_text=True)
    assert _figure(page, "status") == "Sent"
    assert (_figure(page, "queued"), _figure(page, "skipped_consent"), _figure(page, "skipped_cap")) == ("1", "2", "1")
    with container.session_factory() as session:
        campaign = session.scalars(select(Campaign).where(Campaign.created_by == staff[Role.MARKETING].id)).one()
        assert campaign.status is CampaignStatus.SENT
        messages = session.scalar(select(func.count()).select_from(Notification).where(
            Notification.dedup_key.like(f"campaign:{campaign.id}|%")))
    assert messages == 1


def test_a_bad_audience_is_refused_and_nothing_saved(container, login, staff):
    client, _ = login(staff[Role.MARKETING])
    _, answer = _create(client, booked_within_days="0", name="Bad days")
    assert answer.status_code == 400 and "Number must be" in answer.get_data(as_text=True)
    _, forged = _create(client, city_id="987654", name="Forged city")
    assert forged.status_code == 400
    with container.session_factory() as session:
        assert session.scalars(select(Campaign).where(Campaign.name.in_(["Bad days", "Forged city"]))).all() == []


@pytest.mark.parametrize("role", [Role.OPS_MANAGER, Role.FINANCE, Role.SUPPORT_AGENT, Role.PARTNER_STAFF])
def test_only_marketing_opens_campaigns(login, staff, role):
    client, _ = login(staff[role])
    assert client.get("/admin/campaigns/").status_code == 403


def test_the_template_text_in_hindi_is_saved_and_shown_with_its_template_name(container, login, staff):
    client, _ = login(staff[Role.MARKETING])
    page, made = _create(client, body_hi="इस हफ्ते MRI पर 10% छूट", body_hinglish="")
    assert 'for="body_hi"' in page and made.status_code == 302
    detail = client.get(made.headers["Location"]).get_data(as_text=True)
    assert "monsoon_offer_hi" in detail and "इस हफ्ते MRI पर 10% छूट" in detail
    assert "monsoon_offer_hinglish" not in detail
