"""Finance sets a center's payout bank account on /admin/settlement-accounts/: the IFSC is checked, the number
is masked once saved (on the page and in the audit log), and the Route linked account is created through
the payment adapter after commit, its status shown."""
from __future__ import annotations

from sqlalchemy import select

from core.models import AuditEntry, Role
from core.models.payouts import PartnerAccount, RouteStatus
from tests.admin_ops.conftest import post

BASE = "/admin/settlement-accounts/"
NUMBER = "123456789012"


def _bank(**changes) -> dict:
    return {"holder_name": "Lotus Diagnostics LLP", "ifsc": "hdfc0001234", "account_number": NUMBER,
            "legal_business_name": "Lotus Diagnostics LLP", "business_type": "llp", **changes}


def _account(container, center_id: int) -> PartnerAccount | None:
    with container.session_factory() as session:
        return session.get(PartnerAccount, center_id)


def test_finance_saves_a_bank_account_and_route_is_set_up_through_the_provider(container, world, signed_in):
    center = world["centers"][0]
    client, page = signed_in(Role.FINANCE), f"{BASE}{center.id}"
    post(client, page, page, _bank())
    container.jobs.drain()
    account = _account(container, center.id)
    assert account.ifsc == "HDFC0001234" and account.provider_account_id
    assert account.status is not RouteStatus.PENDING  # the provider answered (sandbox: straight through)
    shown = client.get(page).get_data(as_text=True)
    assert "XXXXXXXX9012" in shown and NUMBER not in shown
    with container.session_factory() as session:
        saved = session.scalar(select(AuditEntry).where(AuditEntry.action == "settlement_account.saved",
                                                        AuditEntry.entity_id == str(center.id)))
    assert saved.after["account_number"] == "XXXXXXXX9012"


def test_a_bad_ifsc_is_refused_with_the_rule_and_nothing_is_saved(container, world, signed_in):
    center = world["centers"][1]
    client, page = signed_in(Role.FINANCE), f"{BASE}{center.id}"
    answer = post(client, page, page, _bank(ifsc="HDFC1234"), follow_redirects=True)
    assert "is not an IFSC" in answer.get_data(as_text=True)
    assert _account(container, center.id) is None


def test_ops_managers_cannot_see_bank_accounts(world, signed_in):
    assert signed_in(Role.OPS_MANAGER).get(f"{BASE}{world['centers'][0].id}").status_code == 403
