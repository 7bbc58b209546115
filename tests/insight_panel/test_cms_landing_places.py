"""The CMS asks for a landing page's city and scan by name (select boxes), never by typed id."""
from __future__ import annotations

import re

from sqlalchemy import select

from core.models import Role
from core.models.content import ContentEntry
from tests.factories import Factories


def _catalogue(container):
    with container.session_factory() as session:
        f = Factories(session)
        city = f.city()
        service = f.service(name=f"MRI Spine {city.name}")
        session.commit()
        return city.id, service.id, city.name


def _post(client, **fields):
    page = client.get("/admin/content/new/").get_data(as_text=True)
    token = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', page)[-1]
    return page, client.post("/admin/content/new/", data={
        "csrf_token": token, "kind": "landing", "title": "MRI spine in Nashik", "body_html": "<p>Book.</p>",
        "language": "en", "position": "0", "publishing": "keep", **fields})


def test_a_landing_page_picks_its_city_and_scan_by_name(container, login, staff):
    city_id, service_id, name = _catalogue(container)
    client, _ = login(staff[Role.MARKETING])
    page, saved = _post(client, slug=f"mri-spine-nashik-{city_id}", city_id=str(city_id), service_id=str(service_id))
    assert f'<option value="{city_id}">{name}</option>' in page
    assert f'<option value="{service_id}">MRI Spine {name}</option>' in page
    assert saved.status_code == 302
    with container.session_factory() as session:
        entry = session.scalar(select(ContentEntry).where(ContentEntry.slug == f"mri-spine-nashik-{city_id}"))
        assert (entry.city_id, entry.service_id) == (city_id, service_id)
    edit = client.get(f"/admin/content/edit/?id={entry.id}").get_data(as_text=True)
    assert f'<option selected value="{city_id}">{name}</option>' in edit


def test_an_id_that_is_not_a_choice_is_refused_and_nothing_saved(container, login, staff):
    _catalogue(container)
    client, _ = login(staff[Role.MARKETING])
    _, answer = _post(client, slug="forged-city-page", city_id="987654", service_id="")
    assert "Not a valid choice" in answer.get_data(as_text=True)
    with container.session_factory() as session:
        assert session.scalar(select(ContentEntry).where(ContentEntry.slug == "forged-city-page")) is None
