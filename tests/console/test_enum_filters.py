"""Filters on status-like columns work (they were a 500 KeyError: 'held'), and a crafted value is refused."""
import pytest

from console.adminkit.filters import ValueEqual
from core.models import Role

FILTERS = [  # (list url, endpoint, filter name, a value that matches the world, one that does not)
    ("/admin/bookings/", "admin_bookings", "Status", "held", "confirmed"),
    ("/admin/centers/", "admin_centers", "Tier", "basic", "pro"),
    ("/admin/centers/", "admin_centers", "Verification", "verified", "rejected"),
    ("/admin/users/", "admin_users", "Role", "finance", None),
    ("/admin/audit/", "admin_audit", "Actor role", "patient", None),
]


def _equals_arg(app, endpoint: str, name: str) -> str:
    view = next(v for v in app.extensions["medezy_panels"]["admin"].admin._views if v.endpoint == endpoint)
    index = next(i for i, f in enumerate(view._filters) if f.name == name and isinstance(f, ValueEqual))
    return f"flt0_{index}"


@pytest.mark.parametrize("url, endpoint, name, hit, miss", FILTERS)
def test_an_enum_filter_narrows_the_list(app, world, login, url, endpoint, name, hit, miss):
    client, _ = login(world["staff"][Role.SUPER_ADMIN])
    arg = _equals_arg(app, endpoint, name)
    response = client.get(url, query_string={arg: hit})
    assert response.status_code == 200 and "Invalid Filter Value" not in response.get_data(as_text=True)
    if miss:
        assert client.get(url, query_string={arg: miss}).status_code == 200


def test_the_status_filter_keeps_only_matching_bookings(app, world, login):
    client, _ = login(world["staff"][Role.SUPER_ADMIN])
    arg = _equals_arg(app, "admin_bookings", "Status")
    reference = world["bookings"][0].reference
    assert reference in client.get("/admin/bookings/", query_string={arg: "held"}).get_data(as_text=True)
    assert reference not in client.get("/admin/bookings/", query_string={arg: "confirmed"}).get_data(as_text=True)


def test_a_crafted_filter_value_is_reported_not_a_500(app, world, login):
    client, _ = login(world["staff"][Role.SUPER_ADMIN])
    response = client.get("/admin/bookings/", query_string={_equals_arg(app, "admin_bookings", "Status"): "bogus"})
    assert response.status_code == 200 and "Invalid Filter Value" in response.get_data(as_text=True)


def test_filter_choices_carry_human_labels(app, world, login):
    client, _ = login(world["staff"][Role.SUPER_ADMIN])
    page = client.get("/admin/bookings/").get_data(as_text=True)
    assert "Awaiting payment" in page and "No-show" in page
