"""Bookings and the audit log page newest first by keyset on id (no OFFSET, no COUNT): every row once,
partners only ever see their own center's rows, and a forged cursor is a 400."""
import re

import pytest

from core import audit
from core.actors import SYSTEM, Actor
from core.booking import service as bookings
from core.models import Role
from tests.factories import Factories

PAGE = 50


@pytest.fixture
def many_bookings(container, world):
    """60 more bookings at world's first center (whose partner staff signs in), 3 at the second."""
    first, second = world["centers"]
    with container.session_factory() as session:
        f = Factories(session)
        service = f.service()
        ids = {}
        for center, count in ((first, 60), (second, 3)):
            slot = f.slot(center, service, capacity=count)
            ids[center.id] = []
            for _ in range(count):
                patient = f.patient()
                booking = bookings.hold(session, actor=Actor.of(patient), user_id=patient.id, slot_id=slot.id,
                                        patient=bookings.PatientDetails(name="Keyset Patient"))
                ids[center.id].append(booking.id)
        session.commit()
    return {"own": ids[first.id] + [world["bookings"][0].id], "other": ids[second.id] + [world["bookings"][1].id]}


def _row_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r"details/\?id=(\d+)&", page)]


def _walk(client, path: str) -> list[list[int]]:
    """Every page of a list, following its "Older" link."""
    pages, url = [], path
    while url:
        html = client.get(url).get_data(as_text=True)
        pages.append(_row_ids(html))
        older = re.search(r'href="([^"]*before=\d+[^"]*)">Older', html)
        url = older.group(1).replace("&amp;", "&") if older else None
    return pages


def test_a_partner_pages_through_their_own_bookings_newest_first(world, login, many_bookings):
    client, _ = login(world["staff"][Role.PARTNER_STAFF])
    pages = _walk(client, "/partner/bookings/")
    shown = [i for page in pages for i in page]
    assert len(pages[0]) == PAGE and sorted(shown, reverse=True) == shown
    assert sorted(shown) == sorted(many_bookings["own"])  # each once, and not one of the other center's


def test_a_deep_page_of_bookings_opens_straight_from_its_cursor(world, login, many_bookings):
    client, _ = login(world["staff"][Role.OPS_MANAGER])
    newest_own = max(many_bookings["own"])
    page = _row_ids(client.get(f"/admin/bookings/?before={newest_own}").get_data(as_text=True))
    assert page and max(page) < newest_own and sorted(page, reverse=True) == page


def test_a_partner_cursor_never_reaches_another_centers_rows(world, login, many_bookings):
    client, _ = login(world["staff"][Role.PARTNER_STAFF])
    past_other = max(many_bookings["other"]) + 1
    page = _row_ids(client.get(f"/partner/bookings/?before={past_other}").get_data(as_text=True))
    assert not set(page) & set(many_bookings["other"])


@pytest.mark.parametrize("path", ["/admin/bookings/", "/admin/audit/", "/partner/bookings/"])
def test_a_forged_page_cursor_is_a_400(world, login, path):
    role = Role.PARTNER_STAFF if path.startswith("/partner") else Role.SUPER_ADMIN
    client, _ = login(world["staff"][role])
    assert client.get(f"{path}?before=1%20OR%201=1").status_code == 400
    assert client.get(f"{path}?before=" + "9" * 19).status_code == 400


def test_the_audit_log_pages_newest_first(container, world, login):
    with container.uow() as uow:
        for i in range(PAGE + 5):
            audit.record(uow.session, actor=SYSTEM, action="keyset.test", entity_type="center", entity_id=i)
        uow.commit()
    client, _ = login(world["staff"][Role.SUPER_ADMIN])
    first = client.get("/admin/audit/").get_data(as_text=True)
    older = re.search(r'href="([^"]*before=\d+[^"]*)">Older', first).group(1).replace("&amp;", "&")
    second = _row_ids(client.get(older).get_data(as_text=True))
    shown = _row_ids(first) + second
    assert len(_row_ids(first)) == PAGE and second and sorted(shown, reverse=True) == shown
    assert len(set(shown)) == len(shown)
