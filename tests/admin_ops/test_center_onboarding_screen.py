"""Center onboarding on /admin/center-onboarding/: create a center with hours, machines and prices; upload
and review its documents; verify or reject it; tier; partner invitations. Each write through core, audited."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

from sqlalchemy import select

from core.models import Center, Role, User
from core.models.centers import CenterDocument, CenterService, Tier, VerificationStatus
from tests.admin_ops.conftest import audit_actions, post, token_on

BASE = "/admin/center-onboarding/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _profile(**changes) -> dict:
    fields = {"name": "Sai Imaging", "area": "Baner", "address": "12 Baner Road", "pincode": "411045",
              "latitude": "18.559", "longitude": "73.786", "phone": "020 2345 6789", "email": "desk@sai.in",
              "hours_mon": "08:00-20:00", "hours_sun": "", "machines": "mri: Siemens 1.5T"}
    return {**fields, **changes}


def _center(container, code: str) -> Center:
    with container.session_factory() as session:
        return session.scalar(select(Center).where(Center.code == code))


def test_ops_onboard_a_center_with_hours_machines_and_a_price(container, signed_in, make):
    city, service = make(lambda f: (f.city(), f.service()))
    client = signed_in(Role.OPS_MANAGER)
    answer = post(client, BASE + "new", BASE + "new", {"code": f"SAI-{city.id}", "city_id": str(city.id),
                                                       f"price-{service.id}": "5,000", **_profile()})
    assert answer.status_code == 302
    center = _center(container, f"SAI-{city.id}")
    assert center.verification_status is VerificationStatus.PENDING and center.phone == "+912023456789"
    assert center.working_hours["mon"] == ["08:00", "20:00"] and center.working_hours["sun"] is None
    assert center.machines == [{"modality": "MRI", "name": "Siemens 1.5T"}]
    with container.session_factory() as session:
        assert session.scalar(select(CenterService.price_paise).where(CenterService.center_id == center.id)) == 500000
    assert audit_actions(container, "center", center.id)[0][0] == "center.created"


def test_a_new_center_missing_fields_or_priced_outside_its_template_is_not_created(container, signed_in, make):
    city, service = make(lambda f: (f.city(), f.service()))
    client = signed_in(Role.OPS_MANAGER)
    blank = post(client, BASE + "new", BASE + "new", {"code": f"BLANK-{city.id}", "city_id": str(city.id),
                                                      **_profile(name="")})
    assert blank.status_code == 422 and "This field is required" in blank.get_data(as_text=True)
    cheap = post(client, BASE + "new", BASE + "new", {"code": f"CHEAP-{city.id}", "city_id": str(city.id),
                                                      f"price-{service.id}": "10", **_profile()})
    assert cheap.status_code == 422 and "₹" in cheap.get_data(as_text=True)
    assert _center(container, f"BLANK-{city.id}") is None and _center(container, f"CHEAP-{city.id}") is None


def test_a_document_is_uploaded_accepted_and_the_center_verified(container, signed_in, make, world):
    center = make(lambda f: _pending_center(f))
    client, page = signed_in(Role.OPS_MANAGER), f"{BASE}{center.id}"
    refused = post(client, page, f"{page}/verification/verify", {"reason": "checked"}, follow_redirects=True)
    assert "has not been uploaded" in refused.get_data(as_text=True)
    expiry = (date.today() + timedelta(days=400)).isoformat()
    client.post(f"{page}/documents", data={"csrf_token": token_on(client, page), "kind": "registration",
                                           "expires_on": expiry, "file": (io.BytesIO(PDF), "reg.pdf", "application/pdf")},
                content_type="multipart/form-data")
    document_id = _document(container, center)
    post(client, page, f"{page}/documents/{document_id}/verify", {"reason": ""})
    post(client, page, f"{page}/verification/verify", {"reason": "registration checked"})
    assert _center(container, center.code).verification_status is VerificationStatus.VERIFIED
    ops = world["staff"][Role.OPS_MANAGER].id
    assert [a for a, _ in audit_actions(container, "center_document", document_id)] == [
        "center_document.uploaded", "center_document.verified"]
    assert ("center.verification", ops) in audit_actions(container, "center", center.id)


def test_a_center_is_rejected_with_its_reason_and_a_reason_is_required(container, signed_in, make):
    center = make(lambda f: _pending_center(f))
    client, page = signed_in(Role.OPS_MANAGER), f"{BASE}{center.id}"
    unexplained = post(client, page, f"{page}/verification/reject", {"reason": ""}, follow_redirects=True)
    assert "Say why" in unexplained.get_data(as_text=True)
    assert _center(container, center.code).verification_status is VerificationStatus.PENDING
    post(client, page, f"{page}/verification/reject", {"reason": "PCPNDT certificate is not legible"})
    rejected = _center(container, center.code)
    assert rejected.verification_status is VerificationStatus.REJECTED
    assert rejected.rejection_reason == "PCPNDT certificate is not legible"


def test_tier_and_partner_invitation_are_saved_and_audited(container, signed_in, make):
    center = make(lambda f: _pending_center(f))
    client, page = signed_in(Role.OPS_MANAGER), f"{BASE}{center.id}"
    assert "Pro: 8% per booking" in client.get(page).get_data(as_text=True)  # the default fee rule
    post(client, page, f"{page}/tier", {"tier": "pro"})
    phone = f"98{center.id:08d}"
    post(client, page, f"{page}/partners", {"invite-name": "Meera Desk", "invite-phone": phone},
         field="invite-csrf_token")
    assert _center(container, center.code).tier is Tier.PRO
    with container.session_factory() as session:
        partner = session.scalar(select(User).where(User.center_id == center.id, User.name == "Meera Desk"))
    assert partner.role is Role.PARTNER_STAFF and partner.phone.endswith(phone)
    assert audit_actions(container, "user", partner.id)[0][0] == "user.invited"
    assert [a for a, _ in audit_actions(container, "center", center.id)] == ["center.tier"]


def test_documents_expiring_soon_are_flagged_on_the_centers_page(signed_in, make):
    center = make(lambda f: _expiring_center(f))
    page = signed_in(Role.OPS_MANAGER).get(BASE).get_data(as_text=True)
    row = re.search(rf'<tr><td data-label="Center"><a href="[^"]+/{center.id}">[^<]+</a></td>.*?</tr>', page, re.S)
    assert row and ">10<" in row.group(0)


def test_finance_and_support_cannot_onboard_centers(signed_in):
    assert signed_in(Role.FINANCE).get(BASE).status_code == 403
    assert signed_in(Role.SUPPORT_AGENT).get(BASE + "new").status_code == 403


def _pending_center(f) -> Center:
    center, service = f.center(verification_status=VerificationStatus.PENDING), f.service()
    f.offer(center, service)
    return center


def _expiring_center(f) -> Center:
    center = f.center()
    f.center_document(center, expires_on=date.today() + timedelta(days=10))
    return center


def _document(container, center) -> int:
    with container.session_factory() as session:
        return session.scalar(select(CenterDocument.id).where(CenterDocument.center_id == center.id))


def _center_with_two_partners(f):
    """A center whose owner is its admin and whose desk clerk is not."""
    center = f.center()
    owner = f.staff(Role.PARTNER_STAFF, center=center, is_center_admin=True)
    desk = f.staff(Role.PARTNER_STAFF, center=center)
    return center, owner, desk


def _admin_ids(container, center_id: int) -> set[int]:
    with container.session_factory() as session:
        return set(session.scalars(select(User.id).where(User.center_id == center_id, User.is_center_admin.is_(True))))


def test_ops_move_the_center_admin_flag_from_the_owner_to_the_desk(container, signed_in, make):
    center, owner, desk = make(_center_with_two_partners)
    client, page = signed_in(Role.OPS_MANAGER), f"{BASE}{center.id}"
    html = client.get(page).get_data(as_text=True)
    assert f'id="make-admin-{desk.id}"' in html and f'id="remove-admin-{owner.id}"' in html
    refused = post(client, page, f"{page}/partners/{owner.id}/remove-admin", {"reason": "owner retired"})
    assert "only admin" in client.get(refused.location).get_data(as_text=True)
    assert _admin_ids(container, center.id) == {owner.id}
    post(client, page, f"{page}/partners/{desk.id}/make-admin", {"reason": "desk runs the center now"})
    post(client, page, f"{page}/partners/{owner.id}/remove-admin", {"reason": "owner retired"})
    assert _admin_ids(container, center.id) == {desk.id}
    assert [a for a, _ in audit_actions(container, "user", desk.id)] == ["user.center_admin_changed"]
    assert [a for a, _ in audit_actions(container, "user", owner.id)] == ["user.center_admin_changed"]


def test_a_move_without_a_reason_or_to_another_centers_partner_changes_nothing(container, signed_in, make):
    center, owner, desk = make(_center_with_two_partners)
    other_center, other_owner, _ = make(_center_with_two_partners)
    client, page = signed_in(Role.OPS_MANAGER), f"{BASE}{center.id}"
    post(client, page, f"{page}/partners/{desk.id}/make-admin", {"reason": " "})
    post(client, page, f"{page}/partners/{other_owner.id}/remove-admin", {"reason": "wrong center"})
    assert post(client, page, f"{page}/partners/{desk.id}/crown", {"reason": "x"}).status_code == 404
    assert _admin_ids(container, center.id) == {owner.id} and _admin_ids(container, other_center.id) == {other_owner.id}


def test_finance_cannot_move_the_center_admin_flag(container, signed_in, make):
    center, owner, desk = make(_center_with_two_partners)
    page = f"{BASE}{center.id}"
    client = signed_in(Role.FINANCE)
    assert client.post(f"{page}/partners/{desk.id}/make-admin", data={"reason": "x"}).status_code == 403
    assert _admin_ids(container, center.id) == {owner.id}
