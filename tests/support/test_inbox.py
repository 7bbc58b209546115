"""The inbox list and the conversation page: what an agent sees."""

from core.actors import Actor
from core.booking import service as bookings
from core.models import Role, User
from tests.factories import Factories
from tests.support.conftest import page_url, post_form


def _book(container, patient_id: int) -> str:
    with container.uow() as uow:
        f = Factories(uow.session)
        patient = uow.session.get(User, patient_id)
        booking = bookings.hold(uow.session, actor=Actor.of(patient), user_id=patient.id, slot_id=f.slot().id,
                                patient=bookings.PatientDetails(name=patient.name))
        uow.commit()
        return booking.reference


def test_waiting_chats_are_listed_with_their_ticket(staff, login, chat):
    one = chat(ticket="Report is late")
    client, _ = login(staff[Role.SUPPORT_AGENT])
    page = client.get("/support/conversations").get_data(as_text=True)
    waiting = page.split("Waiting for an agent")[1].split("<h2>")[0]
    assert one.phone in waiting and "Report is late" in waiting


def test_taken_chats_move_to_mine(staff, login, chat):
    one = chat(ticket="Report is late")
    client, _ = login(staff[Role.SUPPORT_AGENT])
    post_form(client, one, "take-over")
    page = client.get("/support/conversations").get_data(as_text=True)
    assert one.phone in page.split("<h2>Mine</h2>")[1].split("<h2>")[0]


def test_search_finds_a_chat_by_phone_or_booking_reference(container, staff, login, chat):
    one, other = chat(), chat()
    reference = _book(container, one.patient_id)
    client, _ = login(staff[Role.OPS_MANAGER])
    for query in (one.phone[-6:], reference.lower()):
        page = client.get("/support/conversations", query_string={"q": query}).get_data(as_text=True)
        assert one.phone in page and other.phone not in page


def test_the_conversation_page_shows_patient_bookings_and_times_in_ist(container, staff, login, chat):
    one = chat(ticket="Report is late")
    reference = _book(container, one.patient_id)
    page = login(staff[Role.SUPPORT_AGENT])[0].get(page_url(one)).get_data(as_text=True)
    assert reference in page and "Awaiting payment" in page and "IST" in page  # staff see the real state
    assert "My report has not come yet" in page and "Report is late" in page


def test_an_unknown_conversation_is_reported_not_crashed(staff, login):
    client, _ = login(staff[Role.SUPPORT_AGENT])
    page = client.get("/support/conversations/987654321", follow_redirects=True).get_data(as_text=True)
    assert "Conversation 987654321 does not exist." in page
