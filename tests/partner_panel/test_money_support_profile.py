"""Settlements (own statements only), the scorecard, escalations to support with notes both ways, and the
center profile with inviting a colleague."""
from __future__ import annotations


from sqlalchemy import select

from core.actors import Actor
from core.clock import now_utc
from core.models import Center, Role, Ticket, User
from core.support import notes
from tests.conftest import csrf_token
from tests.factories import Factories
from tests.partner_panel.conftest import invoice_for, own_rows, post_page_form


def test_settlements_list_the_centers_own_statements_and_this_months_revenue(partner_a, centers, container):
    mine, theirs = own_rows(container, centers[0]), own_rows(container, centers[1])
    html = partner_a.get("/partner/settlements/").get_data(as_text=True)
    assert f"/partner/settlements/{mine.settlement_id}.pdf" in html
    assert f"/partner/settlements/{theirs.settlement_id}.pdf" not in html
    assert "Your share" in html and "so far" in html


def test_the_scorecard_shows_each_window_against_its_target(partner_a, centers):
    html = partner_a.get("/partner/scorecard/").get_data(as_text=True)
    for heading in ("Last 7 days", "Last 30 days", "Last 90 days", "Average time to confirm", "target"):
        assert heading in html


def test_an_escalation_reaches_support_and_their_reply_shows_here(partner_a, centers, container):
    a = centers[0]
    from core.models import Booking
    with container.session_factory() as session:
        reference = session.get(Booking, a.pending_id).reference
    sent = post_page_form(partner_a, "/partner/support/", "escalate-form", subject="Patient asks for a female tech",
                          booking=reference.lower())
    assert sent.status_code == 302
    with container.uow() as uow:
        ticket = uow.session.scalar(select(Ticket).where(Ticket.center_id == a.center_id))
        assert ticket.escalated and ticket.booking_id == a.pending_id and ticket.source == "partner"
        agent = Factories(uow.session).staff(Role.SUPPORT_AGENT)
        notes.add_note(uow.session, actor=Actor.of(agent), ticket_id=ticket.id, body="Arranged for 4 pm.",
                       internal=False, now=now_utc())
        notes.add_note(uow.session, actor=Actor.of(agent), ticket_id=ticket.id, body="internal: check roster",
                       internal=True, now=now_utc())
        uow.commit()
        ticket_id = ticket.id
    page = f"/partner/support/{ticket_id}"
    post_page_form(partner_a, page, "note-form", text="Thank you!")
    html = partner_a.get(page).get_data(as_text=True)
    assert "Arranged for 4 pm." in html and "Thank you!" in html and "check roster" not in html


def test_an_escalation_about_another_centers_booking_is_refused(partner_a, centers, container):
    from core.models import Booking
    with container.session_factory() as session:
        reference = session.get(Booking, centers[1].pending_id).reference
    sent = post_page_form(partner_a, "/partner/support/", "escalate-form", subject="Help", booking=reference)
    assert "No booking" in partner_a.get(sent.location).get_data(as_text=True)
    with container.session_factory() as session:
        assert session.scalar(select(Ticket).where(Ticket.center_id == centers[0].center_id)) is None


def test_a_colleague_is_invited_by_phone_and_listed_masked(partner_a, centers, container):
    post_page_form(partner_a, "/partner/profile/", "invite-form", name="Sunita Rao", phone="98111 43210")
    with container.session_factory() as session:
        invited = session.scalar(select(User).where(User.phone == "+919811143210"))
        assert invited.role is Role.PARTNER_STAFF and invited.center_id == centers[0].center_id
        assert not invited.is_center_admin  # a colleague, not a second admin
    html = partner_a.get("/partner/profile/").get_data(as_text=True)
    assert "Sunita Rao" in html and "+919811143210" not in html and "3210" in html and "center admin" in html


def test_only_the_center_admin_invites_colleagues(login, centers, container):
    with container.uow() as uow:
        center = uow.session.get(Center, centers[0].center_id)
        colleague = Factories(uow.session).staff(Role.PARTNER_STAFF, center=center)  # not the center's admin
        uow.commit()
    desk = login(colleague)[0]
    page = desk.get("/partner/profile/").get_data(as_text=True)
    assert 'id="invite-form"' not in page and "Your center's admin invites colleagues" in page
    token = csrf_token(page)
    refused = desk.post("/partner/profile/invite", data={"csrf_token": token, "name": "Ravi", "phone": "9876501234"})
    assert refused.status_code == 403
    with container.session_factory() as session:
        assert session.scalar(select(User).where(User.phone == "+919876501234")) is None


def test_the_first_partner_medezy_adds_is_the_center_admin(container):
    from core import center_onboarding
    with container.uow() as uow:
        f = Factories(uow.session)
        center, ops = f.center(), Actor.of(f.staff(Role.OPS_MANAGER))
        first = center_onboarding.invite_partner(uow.session, actor=ops, center_id=center.id, name="Owner",
                                                 phone="9876512345")
        second = center_onboarding.invite_partner(uow.session, actor=ops, center_id=center.id, name="Desk",
                                                  phone="9876512346")
        assert (first.is_center_admin, second.is_center_admin) == (True, False)
        uow.rollback()


def test_monthly_invoices_download_as_csv_and_pdf_for_the_center_only(partner_a, centers, container):
    from datetime import datetime, timezone
    issued = datetime(2026, 10, 31, 20, 0, tzinfo=timezone.utc)  # 1 Nov in IST: the month is India's
    mine = invoice_for(container, centers[0].pending_id, issued)
    theirs = invoice_for(container, centers[1].pending_id, issued)
    page = partner_a.get("/partner/settlements/").get_data(as_text=True)
    assert "/invoices/2026-11.pdf" in page and "/invoices/2026-10.pdf" not in page
    register = partner_a.get("/partner/settlements/invoices/2026-11.csv")
    assert register.status_code == 200 and register.headers["Content-Disposition"].startswith("attachment")
    assert mine in register.get_data(as_text=True) and theirs not in register.get_data(as_text=True)
    pdf = partner_a.get("/partner/settlements/invoices/2026-11.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    for month in ("2026-10.pdf", "2026-11.exe", "2026-13.csv", "november.csv"):  # none, bad kind, bad months
        assert partner_a.get(f"/partner/settlements/invoices/{month}").status_code == 404


def test_another_centers_invoice_is_a_404_for_a_partner(partner_a, centers, container):
    from datetime import datetime, timezone
    invoice_for(container, centers[1].pending_id, datetime(2026, 11, 5, 6, 0, tzinfo=timezone.utc))
    with container.session_factory() as session:
        from core.models.invoices import Invoice
        theirs = session.scalar(select(Invoice.id).where(Invoice.center_id == centers[1].center_id))
    assert partner_a.get(f"/staff/invoices/{theirs}.pdf").status_code == 404
