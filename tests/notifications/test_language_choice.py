"""Notifications choose the language by the bot's rule (core.languages): what the patient set, else how they write."""
from __future__ import annotations

from core.conversations import log
from core.models import Booking
from core.models.conversations import Author, Direction, Message
from notifications import recipients
from tests.notifications.conftest import deliver, paid_booking, rows


def _wrote(c, booking_id: int, *bodies: str) -> None:
    with c.uow() as uow:
        user = uow.session.get(Booking, booking_id).user
        conversation = log.get_or_create(uow.session, phone=user.phone)
        conversation.user_id = user.id
        uow.session.add_all(Message(conversation_id=conversation.id, direction=Direction.IN,
                                    author=Author.PATIENT, body=body) for body in bodies)
        uow.session.commit()


def test_a_patient_who_chats_in_hinglish_is_notified_in_hinglish(c):
    booking = paid_booking(c)
    _wrote(c, booking.id, "papa ke liye MRI chahiye kal", "1")
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert row.language == "hinglish" and "Confirm ho gaya" in row.body


def test_a_language_set_explicitly_wins_over_the_chat(c):
    booking = paid_booking(c)
    _wrote(c, booking.id, "मुझे कल एमआरआई करवाना है")
    with c.uow() as uow:
        recipients.set_language(uow.session, user_id=booking.user_id, language="en")
        uow.commit()
    deliver(c, "booking_confirmed", booking_id=booking.id)
    [row] = rows(c, trigger="booking_confirmed", booking_id=booking.id)
    assert row.language == "en"
