"""Settlements (own statements only), the scorecard, escalations to support with notes both ways, and the
center profile with inviting a colleague."""
from __future__ import annotations


from sqlalchemy import select

from core.actors import Actor
from core.clock import now_utc
from core.models import Role, Ticket, User
from core.support import notes
from tests.factories import Factories
from tests.partner_panel.conftest import own_rows, post_page_form


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
    post_page_form(partner_a, "/partner/profile/", "invite-form", name="Sunita Rao", phone="98765 43210")
    with container.session_factory() as session:
        invited = session.scalar(select(User).where(User.phone == "+919876543210"))
        assert invited.role is Role.PARTNER_STAFF and invited.center_id == centers[0].center_id
    html = partner_a.get("/partner/profile/").get_data(as_text=True)
    assert "Sunita Rao" in html and "+919876543210" not in html and "3210" in html
