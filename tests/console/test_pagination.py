"""The slot list opens on upcoming slots, pages by keyset (no OFFSET, no COUNT), and can walk back."""
from datetime import timedelta

import pytest

from console.adminkit.pagination import make_cursor, parse_cursor
from core.clock import now_utc
from core.models import Role
from tests.factories import Factories


@pytest.fixture
def slots(container, world):
    """Center A gets three past slots and 60 upcoming ones, an hour apart."""
    center = world["centers"][0]
    with container.session_factory() as session:
        f = Factories(session)
        service = f.service()
        start = now_utc().replace(microsecond=0) + timedelta(days=3)
        past = [f.slot(center, service, starts_at=now_utc() - timedelta(days=d)) for d in (9, 8, 7)]
        upcoming = [f.slot(center, service, starts_at=start + timedelta(hours=h)) for h in range(60)]
        session.commit()
        return {"past": [s.id for s in past], "upcoming": [s.id for s in upcoming], "service": service.name}


def _ids(page: str, wanted: list[int]) -> list[int]:
    return [i for i in wanted if f"id={i}&" in page or f"id={i}\"" in page]


def test_the_list_opens_on_upcoming_slots_and_pages_by_keyset(world, login, slots):
    client, _ = login(world["staff"][Role.PARTNER_STAFF])
    first = client.get("/partner/slots/").get_data(as_text=True)
    assert _ids(first, slots["past"]) == [] and "Next 50" in first
    next_link = first.split('href="/partner/slots/?after=')[1].split('"')[0]
    second = client.get(f"/partner/slots/?after={next_link}").get_data(as_text=True)
    shown = _ids(first, slots["upcoming"]) + _ids(second, slots["upcoming"])
    assert sorted(shown) == sorted(slots["upcoming"]) and len(set(shown)) == len(shown)


def test_past_slots_are_one_click_away(world, login, slots):
    client, _ = login(world["staff"][Role.PARTNER_STAFF])
    page = client.get("/partner/slots/?past=1").get_data(as_text=True)
    assert sorted(_ids(page, slots["past"])) == sorted(slots["past"]) and _ids(page, slots["upcoming"]) == []


def test_a_forged_cursor_is_a_400(world, login):
    client, _ = login(world["staff"][Role.PARTNER_STAFF])
    assert client.get("/partner/slots/?after=DROP%20TABLE").status_code == 400


def test_the_cursor_round_trips_to_the_microsecond():
    moment = now_utc()
    assert parse_cursor(make_cursor(moment, 42)) == (moment, 42)
