"""Moving the center admin flag between a center's partner users (core.center_admins): a center admin does it
from the profile page, every move needs a reason, is audited and tells the person on WhatsApp, and a center
always keeps one active admin, even when two admins step down at the same moment on real PostgreSQL."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select

from core import center_admins, staff
from core.actors import Actor
from core.errors import IllegalTransition, ValidationError
from core.models import AuditEntry, Center, Role, User
from core.models.notifications import Notification
from tests.conftest import csrf_token
from tests.factories import Factories
from tests.partner_panel.conftest import post_page_form


def _colleague(container, center_id: int, *, admin: bool = False) -> User:
    with container.uow() as uow:
        user = Factories(uow.session).staff(Role.PARTNER_STAFF, center=uow.session.get(Center, center_id),
                                            is_center_admin=admin)
        uow.commit()
        return user


def _admins(container, center_id: int) -> set[int]:
    with container.session_factory() as session:
        return set(session.scalars(select(User.id).where(User.center_id == center_id,
                                                         User.is_center_admin.is_(True))))


def test_a_center_admin_names_a_colleague_admin_then_steps_down(partner_a, centers, container):
    a = centers[0]
    colleague = _colleague(container, a.center_id)
    made = post_page_form(partner_a, "/partner/profile/", f"make-admin-{colleague.id}", reason="runs the desk now")
    assert made.status_code == 302 and _admins(container, a.center_id) == {a.partner.id, colleague.id}
    post_page_form(partner_a, "/partner/profile/", f"remove-admin-{a.partner.id}", reason="moving to Nashik")
    assert _admins(container, a.center_id) == {colleague.id}
    container.jobs.drain()  # the outbox handler queues the WhatsApp message, its job sends it
    with container.session_factory() as session:
        reasons = session.scalars(select(AuditEntry.reason).where(
            AuditEntry.action == "user.center_admin_changed",
            AuditEntry.entity_id.in_([str(colleague.id), str(a.partner.id)])).order_by(AuditEntry.id)).all()
        told = session.scalars(select(Notification.body).where(Notification.user_id == colleague.id)).all()
    assert reasons == ["runs the desk now", "moving to Nashik"]
    assert any("you are now an admin of" in body for body in told)


def test_the_only_admin_cannot_step_down(partner_a, centers, container):
    a = centers[0]
    refused = post_page_form(partner_a, "/partner/profile/", f"remove-admin-{a.partner.id}", reason="leaving")
    assert "only admin" in partner_a.get(refused.location).get_data(as_text=True)
    assert _admins(container, a.center_id) == {a.partner.id}


def test_a_colleague_who_is_not_admin_is_offered_nothing_and_refused(login, centers, container):
    a = centers[0]
    colleague = _colleague(container, a.center_id)
    desk = login(colleague)[0]
    page = desk.get("/partner/profile/").get_data(as_text=True)
    assert "make-admin-" not in page and "remove-admin-" not in page
    refused = desk.post(f"/partner/profile/staff/{colleague.id}/make-admin",
                        data={"csrf_token": csrf_token(page), "reason": "promote myself"})
    assert refused.status_code == 403 and _admins(container, a.center_id) == {a.partner.id}


def test_another_centers_partner_cannot_be_named_admin(partner_a, centers, container):
    b = centers[1]
    other = _colleague(container, b.center_id)
    page = partner_a.get("/partner/profile/").get_data(as_text=True)
    sent = partner_a.post(f"/partner/profile/staff/{other.id}/make-admin",
                          data={"csrf_token": csrf_token(page), "reason": "help"})
    assert "not a partner user of this center" in partner_a.get(sent.location).get_data(as_text=True)
    assert _admins(container, b.center_id) == {b.partner.id}
    assert partner_a.post(f"/partner/profile/staff/{other.id}/promote",
                          data={"csrf_token": csrf_token(page), "reason": "help"}).status_code == 404


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_move_without_a_reason_changes_nothing(container, centers, reason):
    a = centers[0]
    colleague = _colleague(container, a.center_id)
    with container.uow() as uow, pytest.raises(ValidationError):
        center_admins.set_admin(uow.session, actor=Actor.of(a.partner), center_id=a.center_id,
                                user_id=colleague.id, admin=True, reason=reason)
    assert _admins(container, a.center_id) == {a.partner.id}


def test_two_admins_stepping_down_at_once_leave_the_center_one(container, centers):
    a = centers[0]
    second = _colleague(container, a.center_id, admin=True)
    admins = [a.partner, second]
    start = threading.Barrier(2)

    def step_down(user: User) -> str:
        with container.uow() as uow:
            start.wait()
            try:
                center_admins.set_admin(uow.session, actor=Actor.of(user), center_id=a.center_id,
                                        user_id=user.id, admin=False, reason="leaving")
            except IllegalTransition:
                return "refused"
            uow.commit()
            return "done"
    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(step_down, admins))
    assert outcomes == ["done", "refused"]
    assert len(_admins(container, a.center_id)) == 1


def test_the_only_admin_is_not_deactivated_or_moved_away_while_colleagues_remain(container, centers):
    a = centers[0]
    _colleague(container, a.center_id)
    with container.uow() as uow:
        ops = Actor.of(Factories(uow.session).staff(Role.SUPER_ADMIN))
        with pytest.raises(IllegalTransition, match="only admin"):
            staff.deactivate(uow.session, actor=ops, user_id=a.partner.id, reason="left the center")
        with pytest.raises(IllegalTransition, match="only admin"):
            staff.change_role(uow.session, actor=ops, user_id=a.partner.id, role=Role.PARTNER_STAFF,
                              center_id=centers[1].center_id, reason="moved to the other branch")
    assert _admins(container, a.center_id) == {a.partner.id}


def test_a_centers_last_partner_may_leave_with_nobody_to_hand_over_to(container):
    with container.uow() as uow:
        f = Factories(uow.session)
        lonely = f.staff(Role.PARTNER_STAFF, center=f.center(), is_center_admin=True)
        ops = Actor.of(f.staff(Role.SUPER_ADMIN))
        staff.deactivate(uow.session, actor=ops, user_id=lonely.id, reason="center closed")
        assert not lonely.is_active
