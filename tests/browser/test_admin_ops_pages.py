"""The admin operations pages at 390 px and desktop, as their users: labelled inputs, no sideways scroll."""
from __future__ import annotations

from datetime import timedelta

import pytest

from core.clock import IST, now_utc
from core.insight.utilization import PAGE_SIZE
from core.models import Role
from core.models.centers import VerificationStatus
from tests.browser.support import screenshot
from tests.browser.test_panels import _check_layout, _signed_in
from tests.factories import Factories

PAGES = {"center-new": "/admin/center-onboarding/new", "center": "/admin/center-onboarding/{center}",
         "centers": "/admin/center-onboarding/", "api-tokens": "/admin/api-tokens/",
         "payment-problems": "/admin/payment-problems/", "refund-approvals": "/admin/refund-approvals/",
         "people": "/admin/people/", "person": "/admin/people/{person}", "permissions": "/admin/permissions/",
         "audit-log": "/admin/audit-log/?action=center.", "settlement-accounts": "/admin/settlement-accounts/",
         "settlement-account": "/admin/settlement-accounts/{center}", "services": "/admin/services/",
         "service-new": "/admin/services/new/", "utilization": "/admin/utilization/",
         "bookings-by-phone": "/admin/bookings/?search=0{phone}", "booking": "/admin/bookings/details/?id={booking}"}


# Every page on a phone (where layouts break); on a desktop the widest ones only, to keep the suite short.
DESKTOP = ("center", "refund-approvals", "permissions", "audit-log", "utilization", "booking")

# What a page must show beyond fitting: selector -> how many (None: at least one).
EXPECT = {"utilization": {"#utilization tbody tr": None, "#heatmap-table td.heat-5": None},
          "bookings-by-phone": {"table.model-list tbody tr": 1},
          "booking": {"#resend-form button": 1, "#refund-preview": 1}}


@pytest.fixture
def pending_center(container):
    with container.session_factory() as session:
        f = Factories(session)
        center = f.center(verification_status=VerificationStatus.PENDING)
        f.offer(center, f.service())
        f.center_document(center, status=VerificationStatus.PENDING)
        session.commit()
        return center


@pytest.fixture
def awaiting_refund(container, world):
    """A large refund a support agent asked for, waiting in the approval queue."""
    from core.actors import Actor
    from core.payments import refunds
    from tests.payments.conftest import FINANCE, Payments, RecordingProvider
    with container.session_factory() as session:
        pay = Payments(session, Factories(session), RecordingProvider())
        payment = pay.paid(price_paise=800000)
        refunds.request(session, actor=Actor.of(world["staff"][Role.SUPPORT_AGENT]), payment_id=payment.id,
                        amount_paise=600000, reason="scan could not be done: machine down",
                        idempotency_key=f"browser-queue-{payment.id}", finance=FINANCE)
        session.commit()


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_operations_pages_fit_and_label_every_input(request, live_url, login, world, pending_center, awaiting_refund,
                                                    width):
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, world["staff"][Role.SUPER_ADMIN])
    for name, path in PAGES.items():
        if width == "desktop" and name not in DESKTOP:
            continue
        page.goto(live_url + path.format(center=pending_center.id, person=world["staff"][Role.FINANCE].id,
                                         booking=world["bookings"][0].id, phone=world["phones"][0][-10:]))
        screenshot(page, f"admin-{name}-{width}")
        assert page.locator("h1").count() == 1, name
        _check_layout(page)
        for selector, count in EXPECT.get(name, {}).items():
            found = page.locator(selector).count()
            assert found == count if count is not None else found >= 1, (name, selector, found)


@pytest.fixture
def long_center(container):
    """A center with a slot on each of the next PAGE_SIZE + 5 days: per day, its table runs over a page."""
    with container.session_factory() as session:
        f = Factories(session)
        center, service = f.center(), f.service()
        for day in range(PAGE_SIZE + 5):
            f.slot(center, service, starts_at=now_utc() + timedelta(days=day + 1))
        session.commit()
        return center


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_utilization_pages_a_long_table(request, live_url, login, world, long_center, width):
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, world["staff"][Role.OPS_MANAGER])
    today = now_utc().astimezone(IST).date()
    page.goto(live_url + f"/admin/utilization/?grain=day&center={long_center.id}&start={today}"
                         f"&end={today + timedelta(days=70)}")
    screenshot(page, f"admin-utilization-paged-{width}")
    _check_layout(page)
    assert page.locator("#utilization tbody tr").count() == PAGE_SIZE
    page.locator("#pager").get_by_role("link", name=f"Next {PAGE_SIZE} →").click()
    page.wait_for_load_state()
    _check_layout(page)
    assert page.locator("#utilization tbody tr").count() == 5
    assert page.locator("#pager a").all_inner_texts() == ["← Previous"]


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_ops_move_the_center_admin_flag_on_the_center_page(request, live_url, login, world, container, width):
    with container.session_factory() as session:
        f = Factories(session)
        center = f.center()
        owner = f.staff(Role.PARTNER_STAFF, center=center, is_center_admin=True)
        desk = f.staff(Role.PARTNER_STAFF, center=center)
        session.commit()
        center_id, owner_id, desk_id = center.id, owner.id, desk.id
    page = request.getfixturevalue(f"{width}_page")
    _signed_in(page, live_url, login, world["staff"][Role.OPS_MANAGER])
    page.goto(f"{live_url}/admin/center-onboarding/{center_id}")
    for form_id, button in ((f"make-admin-{desk_id}", "Make center admin"), (f"remove-admin-{owner_id}", "Remove admin")):
        form = page.locator(f"#{form_id}")
        form.get_by_label("Reason").fill("the owner hands the center to the desk")
        form.get_by_role("button", name=button).click()
        page.wait_for_selector(".flash-success")
    screenshot(page, f"admin-center-admins-{width}")
    _check_layout(page)
    assert page.locator(f"#remove-admin-{desk_id}").count() == 1 and page.locator(f"#make-admin-{owner_id}").count() == 1
