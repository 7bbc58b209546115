"""A send job and a reschedule of the same booking at the same moment, on real PostgreSQL, for a patient who
has no conversation yet: the job inserts the conversation, the reschedule locks the booking and inserts the
same conversation for its price-difference message. Neither waits for the other in a circle; both finish.

Before the fix the job wrote its notification twice in one transaction, and Postgres re-checks every
foreign key of a row its own transaction already updated: the job then asked for a share lock on the
booking the reschedule held, while the reschedule waited for the job's conversation (a deadlock).
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from sqlalchemy import event, func, select

from core.actors import Actor
from core.booking import relocate
from core.models import Booking, Role, User
from core.models.conversations import Conversation, Message
from core.models.notifications import Channel, NotificationState as S
from notifications import facts, jobs, outgoing, recipients
from tests.factories import Factories
from tests.notifications.conftest import paid_booking, rows

WAIT = 30  # seconds a thread waits for the other to reach its step before the test fails instead of hanging


def _queued_confirmation(c, booking_id: int) -> int:
    """A WhatsApp message for the booking, queued but not sent (its job is the one the test runs)."""
    with c.uow() as uow:
        b = uow.session.get(Booking, booking_id)
        [row] = outgoing.notify(uow.session, c.settings, trigger="booking_confirmed", event=f"lock-order:{b.id}",
                                to=recipients.patient(uow.session, b.user), variables=facts.booking(b),
                                booking_id=b.id, channels=(Channel.WHATSAPP,))
        uow.session.commit()  # not uow.commit(): the job must not be enqueued, the test runs it
        return row.id


def _dearer_slot(c, booking_id: int) -> int:
    with c.session_factory() as session:
        b = session.get(Booking, booking_id)
        f = Factories(session)
        slot = f.slot(f.center(b.center.city), b.service, starts_at=b.slot.starts_at + timedelta(hours=1),
                      price_paise=b.price_paise + 100000)
        session.commit()
        return slot.id


class Steps:
    """Holds each thread at one statement until the other thread has run its own (threading.Events)."""

    def __init__(self, engine, job_thread: list, move_thread: list):
        self.conversation_inserted, self.booking_locked = threading.Event(), threading.Event()
        self.job_thread, self.move_thread = job_thread, move_thread
        event.listen(engine, "after_cursor_execute", self.after)

    def after(self, conn, cursor, statement, parameters, context, executemany):
        me = threading.get_ident()
        if me in self.job_thread and statement.startswith("INSERT INTO conversations"):
            self.conversation_inserted.set()
            assert self.booking_locked.wait(WAIT), "the reschedule never locked the booking"
        elif me in self.move_thread and "FROM bookings" in statement and "FOR UPDATE" in statement:
            if not self.booking_locked.is_set():
                self.booking_locked.set()
                assert self.conversation_inserted.wait(WAIT), "the send job never inserted the conversation"


def test_a_send_job_and_a_reschedule_of_its_booking_never_deadlock(c):
    booking = paid_booking(c, chatted=False)
    notification_id = _queued_confirmation(c, booking.id)
    slot_id = _dearer_slot(c, booking.id)
    job_thread, move_thread = [], []
    steps = Steps(c.engine, job_thread, move_thread)
    start = threading.Barrier(2)

    def send():
        job_thread.append(threading.get_ident())
        start.wait()
        return jobs.send(c, notification_id)

    def move():
        move_thread.append(threading.get_ident())
        start.wait()
        with c.uow() as uow:
            agent = Factories(uow.session).staff(Role.SUPPORT_AGENT)
            moved = relocate.reschedule(uow.session, actor=Actor.of(agent), booking_id=booking.id,
                                        new_slot_id=slot_id, reason="nearer home",
                                        finance=c.adapters["finance"], provider=c.adapters["payments"])
            uow.commit()
            return moved.difference_paise

    try:
        with ThreadPoolExecutor(2) as pool:
            sent, moved = pool.submit(send), pool.submit(move)
            outcomes = sent.result(), moved.result()  # a deadlock raises in one of them
    finally:
        event.remove(c.engine, "after_cursor_execute", steps.after)
    assert outcomes == ("sent", 100000)
    assert steps.conversation_inserted.is_set() and steps.booking_locked.is_set()  # the race really happened
    assert rows(c, id=notification_id)[0].state is S.SENT
    with c.session_factory() as session:
        phone = session.get(User, booking.user_id).phone
        conversation = session.scalar(select(Conversation).where(Conversation.phone == phone))
        logged = session.scalar(select(func.count()).where(Message.conversation_id == conversation.id))
    assert logged == 2  # the confirmation and the price-difference link, in the patient's one conversation
