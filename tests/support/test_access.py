"""Who may open the inbox: support agents, ops managers and super admins; nobody else, on any path."""
import pytest

from core.models import Role
from tests.support.conftest import page_url

ALLOWED = [Role.SUPPORT_AGENT, Role.OPS_MANAGER, Role.SUPER_ADMIN]
REFUSED = [Role.PARTNER_STAFF, Role.FINANCE, Role.MARKETING]
PAGES = ["", "/messages?after=0"]  # under the conversation
ACTIONS = ["take-over", "reply", "follow-up", "hand-back", "tickets", "tickets/{ticket}/escalate",
           "tickets/{ticket}/resolve"]


def _paths(chat):
    base = page_url(chat)
    gets = ["/support/conversations"] + [base + p for p in PAGES]
    posts = [f"{base}/{a.format(ticket=chat.ticket_id)}" for a in ACTIONS]
    return gets, posts


@pytest.mark.parametrize("role", ALLOWED)
def test_support_roles_open_every_page(staff, login, chat, role):
    client, _ = login(staff[role])
    gets, _ = _paths(chat(ticket="Report is late"))
    assert [client.get(path).status_code for path in gets] == [200] * len(gets)


@pytest.mark.parametrize("role", REFUSED)
def test_other_staff_are_refused_on_every_path(staff, login, chat, role):
    client, _ = login(staff[role])
    gets, posts = _paths(chat(ticket="Report is late"))
    codes = [client.get(p).status_code for p in gets] + [client.post(p).status_code for p in posts]
    assert codes == [403] * len(codes)


def test_anonymous_visitors_are_sent_to_sign_in(app, chat):
    client = app.test_client()
    gets, posts = _paths(chat(ticket="Report is late"))
    for response in [client.get(p) for p in gets] + [client.post(p) for p in posts]:
        assert response.status_code == 302 and response.location.startswith("/login")


def test_a_patient_session_never_reaches_the_inbox(app, chat, container, login):
    # A signed-in patient holds only portal.use: the support panel answers 403 on every path.
    one = chat()
    from core.models import User
    with container.session_factory() as session:
        patient = session.get(User, one.patient_id)
    client, _ = login(patient)
    assert client.get(page_url(one)).status_code == 403
    assert client.get("/support/").status_code == 403


def test_the_console_menu_links_the_inbox_only_for_support_roles(staff, login):
    agent, _ = login(staff[Role.SUPPORT_AGENT])
    finance, _ = login(staff[Role.FINANCE])
    assert "/support/conversations" in agent.get("/support/").get_data(as_text=True)
    assert "/support/conversations" not in finance.get("/admin/").get_data(as_text=True)
