"""People and roles (super admins): invite staff and patients by phone, change a role, deactivate (the person's
sessions end at once); the permission matrix from core; the audit log's filters and its chain check."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from core.models import Role, User
from core.permissions import MATRIX
from tests.admin_ops.conftest import audit_actions, post

PEOPLE = "/admin/people/"


def _user(container, **where) -> User | None:
    with container.session_factory() as session:
        return session.scalar(select(User).filter_by(**where))


def test_a_super_admin_invites_a_support_agent_by_phone(container, world, signed_in):
    client, phone = signed_in(Role.SUPER_ADMIN), f"+9197{world['centers'][0].id:08d}"
    post(client, PEOPLE, PEOPLE + "staff", {"staff-name": "Ravi Agent", "staff-phone": phone, "staff-email": "",
                                            "staff-role": "support_agent", "staff-center_id": ""}, field="staff-csrf_token")
    agent = _user(container, phone=phone)
    assert agent.role is Role.SUPPORT_AGENT and agent.is_active
    assert audit_actions(container, "user", agent.id) == [("user.created", world["staff"][Role.SUPER_ADMIN].id)]


def test_partner_staff_without_a_center_is_refused_with_the_reason(container, world, signed_in):
    client, phone = signed_in(Role.SUPER_ADMIN), f"+9196{world['centers'][0].id:08d}"
    answer = post(client, PEOPLE, PEOPLE + "staff", {"staff-name": "No Center", "staff-phone": phone,
                                                     "staff-role": "partner_staff"}, field="staff-csrf_token",
                  follow_redirects=True)
    assert "Partner staff belong to a center" in answer.get_data(as_text=True)
    assert _user(container, phone=phone) is None


def test_a_patient_is_added_by_phone(container, world, signed_in):
    client, phone = signed_in(Role.SUPER_ADMIN), f"+9195{world['centers'][0].id:08d}"
    post(client, PEOPLE, PEOPLE + "patients", {"patient-name": "Asha Rao", "patient-phone": phone},
         field="patient-csrf_token")
    patient = _user(container, phone=phone)
    assert patient.role is Role.PATIENT and audit_actions(container, "user", patient.id)[0][0] == "user.invited"


def test_deactivation_ends_the_persons_sessions_at_once_and_is_audited(container, world, login, signed_in):
    agent = world["staff"][Role.SUPPORT_AGENT]
    agent_client = login(agent)[0]
    assert agent_client.get("/support/").status_code == 200
    admin, page = signed_in(Role.SUPER_ADMIN), f"{PEOPLE}{agent.id}"
    post(admin, page, f"{page}/active", {"active-reason": "left the company"}, field="active-csrf_token")
    assert agent_client.get("/support/").status_code == 302  # back to sign-in
    assert _user(container, id=agent.id).is_active is False
    post(admin, page, f"{page}/active", {"active-reason": "rejoined"}, field="active-csrf_token")
    assert [a for a, _ in audit_actions(container, "user", agent.id)][-2:] == ["user.deactivated", "user.reactivated"]


def test_a_role_change_needs_a_reason_and_is_audited(container, world, signed_in):
    finance = world["staff"][Role.FINANCE]
    admin, page = signed_in(Role.SUPER_ADMIN), f"{PEOPLE}{finance.id}"
    fields = {"role-role": "ops_manager", "role-center_id": ""}
    assert post(admin, page, f"{page}/role", {**fields, "role-reason": ""}, field="role-csrf_token").status_code == 400
    post(admin, page, f"{page}/role", {**fields, "role-reason": "moved to operations"}, field="role-csrf_token")
    assert _user(container, id=finance.id).role is Role.OPS_MANAGER
    assert audit_actions(container, "user", finance.id)[-1][0] == "user.role_changed"


def test_a_persons_details_are_corrected_and_a_taken_phone_is_refused(container, world, signed_in):
    marketing, finance = world["staff"][Role.MARKETING], world["staff"][Role.FINANCE]
    admin, page = signed_in(Role.SUPER_ADMIN), f"{PEOPLE}{marketing.id}"
    taken = post(admin, page, f"{page}/details", {"details-name": "Meena Marketing", "details-phone": finance.phone},
                 field="details-csrf_token", follow_redirects=True).get_data(as_text=True)
    assert "already uses this phone number" in taken and _user(container, id=marketing.id).phone == marketing.phone
    post(admin, page, f"{page}/details", {"details-name": "Meena Marketing", "details-phone": marketing.phone,
                                          "details-email": "Meena@MedEzy.in"}, field="details-csrf_token")
    saved = _user(container, id=marketing.id)
    assert (saved.name, saved.email) == ("Meena Marketing", "meena@medezy.in")
    assert audit_actions(container, "user", marketing.id)[-1][0] == "user.updated"


def test_the_permission_matrix_page_is_generated_from_core(signed_in):
    page = signed_in(Role.SUPER_ADMIN).get("/admin/permissions/").get_data(as_text=True)
    rows = re.findall(r'<td data-label="Permission"><code>([\w.]+)</code></td>(.*?)</tr>', page, re.S)
    assert [name for name, _ in rows] == sorted(MATRIX)
    cells = dict(rows)
    assert 'data-label="Finance"><span aria-label="yes"' in cells["finance.view"]
    assert 'data-label="Finance"><span aria-label="no"' in cells["user.manage"]


def test_the_audit_log_filters_by_action_prefix_actor_and_dates(container, world, signed_in):
    admin = signed_in(Role.SUPER_ADMIN)
    agent = world["staff"][Role.SUPPORT_AGENT]
    post(admin, f"{PEOPLE}{agent.id}", f"{PEOPLE}{agent.id}/active", {"active-reason": "audit filter test"},
         field="active-csrf_token")
    me = world["staff"][Role.SUPER_ADMIN].id
    page = admin.get(f"/admin/audit-log/?action=user.&actor_id={me}&entity_type=user&entity_id={agent.id}"
                     f"&since=2026-01-01").get_data(as_text=True)
    actions = re.findall(r'<td data-label="Action">([\w.]+)</td>', page)
    assert actions == ["user.deactivated"]
    backwards = admin.get("/admin/audit-log/?since=2026-05-02&until=2026-05-01").get_data(as_text=True)
    assert "date is before the" in backwards and 'id="entries"' not in backwards
    bad_date = admin.get("/admin/audit-log/?since=not-a-date")
    assert bad_date.status_code == 200 and "Not a valid date" in bad_date.get_data(as_text=True)


def test_verify_chain_shows_the_result_on_the_page(signed_in):
    admin = signed_in(Role.SUPER_ADMIN)
    result = post(admin, "/admin/audit-log/", "/admin/audit-log/verify").get_data(as_text=True)
    assert re.search(r'id="chain-result">The chain is intact: \d+ entries checked', result)


@pytest.mark.parametrize("path", [PEOPLE, "/admin/permissions/", "/admin/audit-log/"])
def test_only_super_admins_manage_people_and_read_the_audit_log(signed_in, path):
    assert signed_in(Role.OPS_MANAGER).get(path).status_code == 403
