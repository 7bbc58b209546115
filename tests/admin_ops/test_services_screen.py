"""The catalogue's services on /admin/services/: create and edit through core (prices typed in rupees, prep
in English and Hindi), deactivate with a reason instead of deleting, per-city template adjustments."""
from __future__ import annotations

import re

from sqlalchemy import select

from core.models import Role, Service
from core.models.services import ServiceCityAdjustment
from tests.admin_ops.conftest import audit_actions, post

BASE = "/admin/services/"


def _secure_token(client, url: str) -> str:
    """The token of Flask-Admin's own form (a SecureForm token, not Flask-WTF's)."""
    html = client.get(url).get_data(as_text=True)
    return re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)


def _fields(**changes) -> dict:
    fields = {"name": "MRI Brain Plain", "modality": "MRI", "body_part": "Brain", "duration_minutes": "40",
              "report_turnaround_hours": "24", "min_price_rupees": "4000", "base_price_rupees": "5500",
              "max_price_rupees": "9000", "prep_instructions": "Remove metal.",
              "prep_instructions_hi": "धातु की चीज़ें उतार दें।"}
    return {**fields, **changes}


def _service(container, **where) -> Service | None:
    with container.session_factory() as session:
        return session.scalar(select(Service).filter_by(**where))


def test_ops_create_a_service_with_prices_in_rupees_and_hindi_prep(container, signed_in, world):
    client = signed_in(Role.OPS_MANAGER)
    code = f"MRI-BRAIN-{world['centers'][0].id}"
    client.post(BASE + "new/", data={"csrf_token": _secure_token(client, BASE + "new/"), "code": code, **_fields()})
    service = _service(container, code=code)
    assert service.base_price_paise == 550000 and service.prep_instructions_hi == "धातु की चीज़ें उतार दें।"
    assert audit_actions(container, "service", service.id) == [("service.created", world["staff"][Role.OPS_MANAGER].id)]


def test_an_edit_shows_rupees_and_a_template_below_a_centers_price_is_refused(container, signed_in, make):
    service = make(lambda f: _offered_at(f, 500000))
    client, url = signed_in(Role.OPS_MANAGER), f"{BASE}edit/?id={service.id}"
    assert 'value="5500"' in client.get(url).get_data(as_text=True)  # 550000 paise typed as rupees
    refused = client.post(url, data={"csrf_token": _secure_token(client, url),
                                     **_fields(max_price_rupees="4500", base_price_rupees="4200")},
                          follow_redirects=True)
    assert "would fall outside the template" in refused.get_data(as_text=True)
    assert _service(container, id=service.id).max_price_paise == 800000
    client.post(url, data={"csrf_token": _secure_token(client, url), **_fields(name="MRI Knee Plain")})
    assert _service(container, id=service.id).name == "MRI Knee Plain"
    assert [a for a, _ in audit_actions(container, "service", service.id)] == ["service.updated"]


def test_a_service_in_use_is_deactivated_with_a_reason_and_offered_again(container, signed_in, make):
    service = make(lambda f: _offered_at(f, 500000))
    client, details = signed_in(Role.OPS_MANAGER), f"{BASE}details/?id={service.id}"
    availability = f"{BASE}availability/?id={service.id}"
    assert post(client, details, availability, {"reason": ""}).status_code == 400
    post(client, details, availability, {"reason": "machine sold"})
    assert _service(container, id=service.id).is_active is False
    post(client, details, availability, {"reason": "new machine"})
    assert _service(container, id=service.id).is_active is True
    assert [a for a, _ in audit_actions(container, "service", service.id)][-2:] == ["service.deactivated",
                                                                                  "service.activated"]


def test_a_city_adjustment_moves_the_template_in_that_city(container, signed_in, make):
    service, city = make(lambda f: (f.service(), f.city()))
    client, details = signed_in(Role.OPS_MANAGER), f"{BASE}details/?id={service.id}"
    post(client, details, f"{BASE}city-adjustment/?id={service.id}", {"city_id": str(city.id), "percent": "12.5"})
    with container.session_factory() as session:
        row = session.scalar(select(ServiceCityAdjustment).filter_by(service_id=service.id, city_id=city.id))
    assert row.adjustment_bps == 1250
    assert "+12.5%" in client.get(details).get_data(as_text=True)


def test_marketing_reads_the_catalogue_but_cannot_change_it(signed_in, make):
    service = make(lambda f: f.service())
    client = signed_in(Role.MARKETING)
    page = client.get(f"{BASE}details/?id={service.id}").get_data(as_text=True)
    assert service.name in page and "availability-form" not in page
    assert client.get(BASE + "new/").status_code == 403
    assert client.post(f"{BASE}availability/?id={service.id}", data={"reason": "x"}).status_code == 403


def _offered_at(f, price_paise: int) -> Service:
    service = f.service()
    f.offer(f.center(), service, price_paise)
    return service
