"""Every panel write goes through a core service in a unit of work: audited, validated, never
Flask-Admin's own commit. Booking actions are offered by permission and state, and refused otherwise."""
from datetime import timedelta

from sqlalchemy import select

from core.clock import now_utc
from core.models import AuditEntry, Booking, BookingStatus, Center, Role, Slot, Tier
from tests.conftest import csrf_token

R, S = Role, BookingStatus


def _audit(container, action: str, entity_id) -> list[AuditEntry]:
    with container.session_factory() as session:
        return list(session.scalars(select(AuditEntry).where(AuditEntry.action == action,
                                                             AuditEntry.entity_id == str(entity_id))))


def _status(container, booking_id: int) -> BookingStatus:
    with container.session_factory() as session:
        return session.get(Booking, booking_id).status


def _act(client, panel: str, booking_id: int, action: str, **fields):
    page = client.get(f"/{panel}/bookings/details/?id={booking_id}").get_data(as_text=True)
    token = csrf_token(page)
    data = {f"{action}-csrf_token": token, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(f"/{panel}/bookings/act/{action}/?id={booking_id}", data=data, follow_redirects=True)


def test_a_center_is_edited_only_on_its_onboarding_page(container, world, login):
    """Verification and tier have one home (Catalogue → Center onboarding, audited there, see
    tests/admin_ops); the centers list links to it and its old edit form is gone. Flask-Admin's audited
    edit path is covered by the services' edit form (tests/admin_ops/test_services_screen.py)."""
    client, _ = login(world["staff"][R.OPS_MANAGER])
    center = world["centers"][0]
    listed = client.get("/admin/centers/", query_string={"search": center.name})  # one page cannot list them all
    assert f'href="/admin/center-onboarding/{center.id}"' in listed.get_data(as_text=True)
    assert client.get(f"/admin/centers/edit/?id={center.id}").status_code == 403
    assert client.post(f"/admin/centers/edit/?id={center.id}", data={"tier": "pro"}).status_code == 403
    with container.session_factory() as session:
        assert session.get(Center, center.id).tier is Tier.BASIC
    assert _audit(container, "center.tier", center.id) == []


def test_views_without_a_write_service_cannot_write(world, login):
    client, _ = login(world["staff"][R.SUPER_ADMIN])
    assert client.get("/admin/cities/new/").status_code == 403
    assert client.post("/admin/users/ajax/update/", data={"list_form_pk": "1", "name": "HACKED"}).status_code == 403


def test_a_partner_confirms_a_paid_booking(container, world, login, paid):
    booking_id = paid(world["bookings"][0])
    client, _ = login(world["staff"][R.PARTNER_STAFF])
    page = _act(client, "partner", booking_id, "confirm").get_data(as_text=True)
    assert "Booking confirmed" in page and _status(container, booking_id) is S.CONFIRMED
    assert _audit(container, "booking.confirmed", booking_id)


def test_staff_overriding_a_centers_call_must_give_a_reason(container, world, login, paid):
    booking_id = paid(world["bookings"][0])
    client, _ = login(world["staff"][R.OPS_MANAGER])
    assert "please give a reason" in _act(client, "admin", booking_id, "confirm").get_data(as_text=True)
    assert _status(container, booking_id) is S.PENDING
    _act(client, "admin", booking_id, "confirm", reason="Center confirmed by phone")
    [entry] = _audit(container, "booking.confirmed", booking_id)
    assert entry.reason == "Center confirmed by phone"


def test_an_illegal_action_is_refused_by_core(container, world, login):
    held = world["bookings"][0]  # still held: nothing to confirm yet
    client, _ = login(world["staff"][R.PARTNER_STAFF])
    page = _act(client, "partner", held.id, "confirm").get_data(as_text=True)
    assert "cannot become confirmed" in page and _status(container, held.id) is S.HELD


def test_the_detail_page_offers_only_what_the_role_and_state_allow(world, login, paid):
    booking_id = paid(world["bookings"][0])
    finance, _ = login(world["staff"][R.FINANCE])
    partner, _ = login(world["staff"][R.PARTNER_STAFF])
    assert "act/confirm" not in finance.get(f"/admin/bookings/details/?id={booking_id}").get_data(as_text=True)
    page = partner.get(f"/partner/bookings/details/?id={booking_id}").get_data(as_text=True)
    assert "act/confirm" in page and "act/complete" not in page  # the scan has not happened yet


def test_a_role_without_the_permission_gets_403(world, login, paid):
    booking_id = paid(world["bookings"][0])
    client, _ = login(world["staff"][R.FINANCE])
    assert client.post(f"/admin/bookings/act/confirm/?id={booking_id}").status_code == 403


def test_a_reschedule_moves_the_booking_to_a_free_slot(container, world, login, paid):
    booking = world["bookings"][0]
    with container.session_factory() as session:
        old = session.get(Slot, booking.slot_id)
        new = Slot(center_id=old.center_id, service_id=old.service_id, city_id=old.city_id,
                   starts_at=now_utc() + timedelta(days=2), ends_at=now_utc() + timedelta(days=2, minutes=30),
                   capacity=1, claimed=0)
        session.add(new)
        session.commit()
        new_id = new.id
    client, _ = login(world["staff"][R.PARTNER_STAFF])
    page = _act(client, "partner", booking.id, "reschedule", new_slot_id=str(new_id)).get_data(as_text=True)
    assert "Moved to the new slot" in page
    with container.session_factory() as session:
        assert session.get(Booking, booking.id).slot_id == new_id
