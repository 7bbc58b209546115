"""Queueing a notification: once per (event, recipient, channel), after consent and quiet hours."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.jobs import after_commit
from core.clock import now_utc
from core.models.notifications import Category, Channel, Notification
from core.notify import consent
from core.notify.quiet_hours import QuietHours

log = logging.getLogger(__name__)
SEND_JOB = "notifications.jobs.send"


@dataclass(frozen=True)
class Draft:
    """One message for one recipient on one channel, fully rendered."""

    trigger: str
    event: str  # identifies the domain event: "booking_confirmed:42"
    channel: Channel
    address: str
    body: str
    recipient: str  # "user:7", "center:3": who, independent of the address
    category: Category = Category.UTILITY
    urgent: bool = False
    language: str = "en"
    user_id: int | None = None
    center_id: int | None = None
    booking_id: int | None = None
    subject: str | None = None
    template: str | None = None
    variables: dict = field(default_factory=dict)
    attachments: list = field(default_factory=list)
    due_at: datetime | None = None  # reminders: the moment they become due
    fallback_of_id: int | None = None
    quiet_hours: QuietHours | None = None

    @property
    def dedup_key(self) -> str:
        return f"{self.event}|{self.recipient}|{self.channel.value}"[:200]


def queue(session: Session, draft: Draft, *, now: datetime | None = None) -> Notification | None:
    """Queue a message; None when it was queued before or the patient has opted out of it."""
    if draft.user_id and not consent.allows(session, user_id=draft.user_id, channel=draft.channel,
                                            category=draft.category):
        log.info("%s: user %s opted out of %s %s", draft.dedup_key, draft.user_id, draft.category.value,
                 draft.channel.value)
        return None
    row = _row(draft, max(now or now_utc(), draft.due_at or now or now_utc()))
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        # The unique dedup key: this event already queued this message (outbox redelivery, a sweep run
        # twice, two workers). The first row stands; this is the normal "already done" outcome.
        return None
    # The send job, after commit. The row itself is the durable record: if the hand-off is lost, the
    # minute sweep finds the row queued and due (core.notify.delivery.due_ids) and enqueues it again.
    wait = row.not_before - (now or now_utc())
    after_commit(session, SEND_JOB, row.id, delay=wait if wait > timedelta(0) else None)
    return row


def _row(draft: Draft, due: datetime) -> Notification:
    return Notification(
        dedup_key=draft.dedup_key, trigger=draft.trigger, channel=draft.channel, category=draft.category,
        urgent=draft.urgent, language=draft.language, user_id=draft.user_id, center_id=draft.center_id,
        booking_id=draft.booking_id, address=draft.address, subject=draft.subject, body=draft.body,
        template=draft.template, variables=dict(draft.variables), attachments=list(draft.attachments),
        not_before=draft.quiet_hours.release_at(due, urgent=draft.urgent) if draft.quiet_hours else due,
        fallback_of_id=draft.fallback_of_id)
