"""Staff management: invite by phone, change roles, deactivate; audited; the last super admin is protected."""
from __future__ import annotations

import pytest

from core import staff
from core.actors import Actor
from core.errors import Forbidden, IllegalTransition, ValidationError
from core.models import AuditEntry
from core.models.users import Role
from tests.factories import Factories


@pytest.fixture
def admin(factories):
    return Actor.of(factories.staff(Role.SUPER_ADMIN))


def test_a_super_admin_invites_partner_staff_by_phone(session, factories, admin):
    center = factories.center()
    user = staff.create(session, actor=admin, name="Ravi Kumar", role=Role.PARTNER_STAFF, phone="98765 43210",
                        center_id=center.id)
    assert (user.phone, user.center_id, user.is_active) == ("+919876543210", center.id, True)


@pytest.mark.parametrize("role, center, message", [(Role.PARTNER_STAFF, False, "center"),
                                                   (Role.PATIENT, False, "Staff roles only"),
                                                   ("wizard", False, "Unknown role")])
def test_bad_roles_are_refused(session, admin, role, center, message):
    with pytest.raises(ValidationError, match=message):
        staff.create(session, actor=admin, name="Ravi Kumar", role=role, phone="9876543211")


def test_only_super_admins_manage_people(session, factories):
    ops = Actor.of(factories.staff(Role.OPS_MANAGER))
    with pytest.raises(Forbidden):
        staff.create(session, actor=ops, name="Ravi Kumar", role=Role.SUPPORT_AGENT, phone="9876543212")


def test_role_changes_and_deactivation_are_audited(session, factories, admin):
    agent = staff.create(session, actor=admin, name="Meena", role=Role.SUPPORT_AGENT, phone="9876543213")
    staff.change_role(session, actor=admin, user_id=agent.id, role=Role.OPS_MANAGER, reason="promoted")
    staff.deactivate(session, actor=admin, user_id=agent.id, reason="left the company")
    with pytest.raises(IllegalTransition):
        staff.deactivate(session, actor=admin, user_id=agent.id, reason="again")
    session.commit()
    actions = [a.action for a in session.query(AuditEntry).filter_by(entity_type="user", entity_id=str(agent.id))
               .order_by(AuditEntry.id)]
    assert actions == ["user.created", "user.role_changed", "user.deactivated"]


def test_nobody_demotes_or_deactivates_themselves_and_the_last_super_admin_stays(session, factories, admin):
    with pytest.raises(IllegalTransition):
        staff.deactivate(session, actor=admin, user_id=admin.user_id, reason="oops")
    with pytest.raises(IllegalTransition):
        staff.change_role(session, actor=admin, user_id=admin.user_id, role=Role.FINANCE, reason="x")


def test_the_last_active_super_admin_cannot_be_deactivated(sqlite_session):
    # A fresh SQLite database: these two are certainly the only super admins.
    f = Factories(sqlite_session)
    first, second = Actor.of(f.staff(Role.SUPER_ADMIN)), Actor.of(f.staff(Role.SUPER_ADMIN))
    staff.deactivate(sqlite_session, actor=first, user_id=second.user_id, reason="left")
    third = Actor.of(f.staff(Role.OPS_MANAGER))
    staff.change_role(sqlite_session, actor=first, user_id=third.user_id, role=Role.SUPER_ADMIN, reason="cover")
    staff.deactivate(sqlite_session, actor=Actor(Role.SUPER_ADMIN, third.user_id), user_id=first.user_id,
                     reason="left too")
    with pytest.raises(IllegalTransition, match="last active super admin"):
        staff.change_role(sqlite_session, actor=first, user_id=third.user_id, role=Role.FINANCE, reason="x")


def test_a_phone_or_email_in_use_is_refused(session, admin):
    staff.create(session, actor=admin, name="Asha", role=Role.FINANCE, phone="9876543214", email="asha@medezy.in")
    with pytest.raises(ValidationError, match="already uses"):
        staff.create(session, actor=admin, name="Asha 2", role=Role.FINANCE, phone="9876543215",
                     email="ASHA@medezy.in")
