"""Console sign-in, role gates on the panels' lists, and partner scoping by center."""
import pytest
from sqlalchemy import func, select

from core.models import OtpChallenge, Role

R = Role
VIEWS = {  # url -> roles (besides super admin) that may open it
    "/admin/bookings/": {R.OPS_MANAGER, R.FINANCE},
    "/admin/slots/": {R.OPS_MANAGER},
    "/admin/centers/": {R.OPS_MANAGER, R.FINANCE},
    "/admin/services/": {R.OPS_MANAGER, R.MARKETING, R.FINANCE},
    "/admin/cities/": {R.OPS_MANAGER, R.MARKETING, R.FINANCE},
    "/admin/users/": set(),
    "/admin/audit/": set(),
    "/partner/bookings/": {R.PARTNER_STAFF},
    "/partner/slots/": {R.PARTNER_STAFF},
    "/support/bookings/": {R.OPS_MANAGER, R.SUPPORT_AGENT},
}
STAFF = [r for r in Role if r not in (R.PATIENT, R.SYSTEM)]


def test_anonymous_visitors_are_sent_to_sign_in(app):
    response = app.test_client().get("/admin/bookings/")
    assert response.status_code == 302 and "/login" in response.location


def test_a_wrong_code_is_refused(world, login):
    client, response = login(world["staff"][R.OPS_MANAGER], code="000000")
    assert response.status_code == 401
    assert client.get("/admin/bookings/").status_code == 302


def test_login_without_csrf_token_is_refused_and_sends_nothing(app, world, container):
    response = app.test_client().post("/login", data={"phone": world["staff"][R.OPS_MANAGER].phone})
    assert response.status_code == 400
    with container.session_factory() as session:
        assert session.scalar(select(func.count(OtpChallenge.id)).where(
            OtpChallenge.phone == world["staff"][R.OPS_MANAGER].phone)) == 0


@pytest.mark.parametrize("role", STAFF)
@pytest.mark.parametrize("url", list(VIEWS))
def test_each_view_opens_only_for_its_roles(world, login, role, url):
    client, _ = login(world["staff"][role])
    allowed = role is R.SUPER_ADMIN or role in VIEWS[url]
    assert client.get(url).status_code == (200 if allowed else 403)


def test_partner_lists_only_their_own_centers_bookings(world, login):
    client, _ = login(world["staff"][R.PARTNER_STAFF])
    page = client.get("/partner/bookings/").get_data(as_text=True)
    own, other = world["bookings"]
    assert own.reference in page and other.reference not in page


def test_partner_asking_for_another_centers_booking_gets_nothing(world, login):
    client, _ = login(world["staff"][R.PARTNER_STAFF])
    own, other = world["bookings"]
    assert client.get(f"/partner/bookings/details/?id={own.id}").status_code == 200
    response = client.get(f"/partner/bookings/details/?id={other.id}")
    assert other.reference not in response.get_data(as_text=True)
    assert response.status_code == 404  # exactly like a booking that does not exist


def test_partner_sees_patient_phones_masked(world, login):
    client, _ = login(world["staff"][R.PARTNER_STAFF])
    phone = world["phones"][0]
    page = client.get("/partner/bookings/").get_data(as_text=True)
    assert phone not in page and phone[-4:] in page


def test_nothing_is_writable_from_the_generic_views(world, login):
    client, _ = login(world["staff"][R.SUPER_ADMIN])
    booking = world["bookings"][0]
    assert client.get("/admin/bookings/new/").status_code == 403
    assert client.post("/admin/bookings/delete/", data={"id": booking.id}).status_code == 403
