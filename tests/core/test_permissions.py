"""The permission matrix: super admins hold everything staff can do; nobody on staff acts as a patient."""
from __future__ import annotations

import pytest

from core.actors import Actor
from core.errors import Forbidden
from core.models.users import Role
from core.permissions import MATRIX, allowed, permissions_of


def test_super_admin_holds_every_staff_permission():
    assert set(permissions_of(Role.SUPER_ADMIN)) == set(MATRIX) - {"portal.use"}


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.PATIENT])
def test_only_patients_use_the_portal(role):
    assert not allowed(role, "portal.use")
    assert allowed(Role.PATIENT, "portal.use")


def test_finance_sees_money_but_not_patient_contacts():
    assert allowed(Role.FINANCE, "finance.view")
    assert not allowed(Role.FINANCE, "booking.view_contact")


def test_unknown_permission_is_an_error_not_a_refusal():
    with pytest.raises(KeyError):
        allowed(Role.SUPER_ADMIN, "booking.teleport")


def test_actor_require_permission_refuses_with_the_permission_named():
    with pytest.raises(Forbidden, match="refund.approve"):
        Actor(role=Role.SUPPORT_AGENT, user_id=1).require_permission("refund.approve")
