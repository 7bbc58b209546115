"""Find a booking by what a caller says, and open its workspace with everything on one page."""
from __future__ import annotations

from core.models import Role
from tests.support.conftest import chat  # noqa: F401 - a patient who wrote on WhatsApp
from tests.support_panel.conftest import workspace_url


def test_one_search_box_finds_the_booking_by_reference_phone_or_name(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    local = case.phone[-10:]
    for text in [case.reference.lower(), f"0{local[:5]} {local[5:]}", f"+91-{local}", "asha"]:
        # Other tests' patients are called Asha too (one shared database): a name is searched within the center.
        within = {"center": case.center_ids[0]} if text == "asha" else {}
        page = client.get("/support/find", query_string={"q": text, **within}).get_data(as_text=True)
        assert f'href="{workspace_url(case)}"' in page, text


def test_search_by_center_and_date(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    page = client.get("/support/find", query_string={"center": case.center_ids[0]}).get_data(as_text=True)
    assert case.reference in page
    other = client.get("/support/find", query_string={"center": case.center_ids[1]}).get_data(as_text=True)
    assert case.reference not in other


def test_a_bad_date_is_a_422_with_the_reason(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    response = client.get("/support/find", query_string={"on": "31-12-2026"})
    assert response.status_code == 422 and "YYYY-MM-DD" in response.get_data(as_text=True)


def test_the_workspace_shows_booking_payments_credit_and_actions(container, login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    page = client.get(workspace_url(case)).get_data(as_text=True)
    for part in ["Asha Rao", "Lotus Diagnostics Kothrud", "₹4,000", "Credit balance", "Audit trail",
                 'id="action-reschedule"', 'id="action-cancel"', 'id="action-confirm"', 'id="action-credit"',
                 'id="action-refund"', 'id="action-message"', "Sahyadri Imaging Baner"]:
        assert part in page, part
    assert "The patient gets back <strong>₹4,000</strong>" in page  # support cancelling: everything back


def test_the_super_admin_reads_the_workspace_without_buttons_that_would_refuse(login, case):
    client, _ = login(case.staff[Role.SUPER_ADMIN])
    page = client.get(workspace_url(case)).get_data(as_text=True)
    assert "Asha Rao" in page and 'id="action-cancel"' not in page


def test_a_missing_booking_is_404(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert client.get("/support/workspace/987654").status_code == 404


def test_the_support_bookings_list_opens_each_booking_in_its_workspace(login, case):
    client, _ = login(case.staff[Role.SUPPORT_AGENT])
    page = client.get("/support/bookings/", query_string={"search": case.reference}).get_data(as_text=True)
    assert f'href="{workspace_url(case)}">{case.reference}</a>' in page


def test_the_super_admin_reads_a_conversation_without_agent_buttons(login, case, chat):
    one = chat(ticket="Report is late")
    admin, _ = login(case.staff[Role.SUPER_ADMIN])
    page = admin.get(f"/support/conversations/{one.conversation_id}").get_data(as_text=True)
    assert "My report has not come yet" in page and "Take over" not in page and "Send reply" not in page
    agent, _ = login(case.staff[Role.SUPPORT_AGENT])
    assert "Take over" in agent.get(f"/support/conversations/{one.conversation_id}").get_data(as_text=True)
