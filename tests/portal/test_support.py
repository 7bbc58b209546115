"""Support from the portal: a ticket raised about a booking, followed with support's public replies only;
another patient's ticket is not found."""
from __future__ import annotations

from sqlalchemy import select

from core.models import Ticket
from core.models.tickets import TicketNote
from tests.conftest import csrf_token


def _raise(client, **fields):
    token = csrf_token(client.get("/me/support").get_data(as_text=True))
    return client.post("/me/support", data={"csrf_token": token, **fields})


def test_a_patient_raises_a_ticket_about_a_booking_and_follows_it(container, signed_in, asha):
    client = signed_in(asha)
    response = _raise(client, subject="Report not received", details="It has been two days.",
                      booking=asha.refs["done"].lower())
    assert response.status_code == 302
    with container.session_factory() as session:
        ticket = session.scalar(select(Ticket).where(Ticket.user_id == asha.user_id))
        assert (ticket.source, ticket.booking_id) == ("portal", asha.ids["booking:done"])
        session.add(TicketNote(ticket_id=ticket.id, internal=True, body="internal: call the center"))
        session.add(TicketNote(ticket_id=ticket.id, internal=False, body="The center is sending it today."))
        session.commit()
        ticket_id = ticket.id
    page = client.get(f"/me/support/{ticket_id}").get_data(as_text=True)
    assert "Open: we are on it" in page and "It has been two days." in page
    assert "The center is sending it today." in page and "internal" not in page


def test_a_ticket_without_a_subject_or_with_an_unknown_booking_is_refused(container, signed_in, asha):
    client = signed_in(asha)
    assert "needs a subject" in client.get(_raise(client, subject=" ").location).get_data(as_text=True)
    assert "no booking of yours" in client.get(_raise(client, subject="Help", booking="MZNOPE").location) \
        .get_data(as_text=True)
    with container.session_factory() as session:
        assert session.scalar(select(Ticket).where(Ticket.user_id == asha.user_id)) is None


def test_another_patients_ticket_is_not_found(world, signed_in, asha):
    _raise(signed_in(asha), subject="Refund question")
    with world.c.session_factory() as session:
        ticket_id = session.scalar(select(Ticket.id).where(Ticket.user_id == asha.user_id))
    assert signed_in(world.patient()).get(f"/me/support/{ticket_id}").status_code == 404


def test_the_support_page_links_to_a_whatsapp_chat(signed_in, asha):
    assert "https://wa.me/" in signed_in(asha).get("/me/support").get_data(as_text=True)
