"""Notification jobs: `send(c, id)` per message and `sweep(c)` every minute. Both safe to run twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from core.messaging import MessagingError, OutsideWindow
from core.notify import delivery
from core.notify.channels import UnregisteredTemplate
from core.notify.queue import SEND_JOB
from notifications import outgoing, reminders, transport

log = logging.getLogger(__name__)
SEND = SEND_JOB


def send(c, notification_id: int) -> str:
    """Send one notification at most once: the attempt is committed before the provider is called."""
    with c.uow() as uow:
        row = delivery.claim(uow.session, notification_id)
        if row is None:
            return "skipped"
        void = reminders.no_longer_true(uow.session, row)
        if void:
            delivery.cancel(uow.session, row, reason=void)
            uow.commit()
            return "cancelled"
        prepared = transport.prepare(uow.session, row)
        # Recorded after prepare, so the row is written by one UPDATE. Postgres re-checks every foreign key
        # of a row its own transaction already updated: a second UPDATE share-locked the booking after this
        # job had inserted the patient's conversation, while a reschedule holding the booking waited to
        # insert that same conversation (a deadlock; tests/notifications/test_send_lock_order.py).
        delivery.record_attempt(row)
        uow.commit()
    try:
        provider, message_id = transport.deliver(c, prepared)
    except MessagingError as error:
        return _failed(c, prepared, error)
    with c.uow() as uow:
        delivery.record_sent(uow.session, prepared.id, provider=provider, provider_message_id=message_id)
        transport.log_outcome(uow.session, prepared, provider_message_id=message_id, error=None)
        uow.commit()
    log.info("notification %s sent via %s as %s", prepared.id, provider, message_id)
    return "sent"


def _failed(c, prepared: transport.Prepared, error: MessagingError) -> str:
    with c.uow() as uow:
        pause = delivery.record_failure(uow.session, prepared.id, error=str(error), retryable=_retryable(error))
        transport.log_outcome(uow.session, prepared, provider_message_id=None, error=str(error))
        if pause is None:
            outgoing.sms_fallback(uow.session, c.settings, delivery.get(uow.session, prepared.id))
        uow.commit()
    log.warning("notification %s %s: %s", prepared.id, "retrying" if pause else "failed", error)
    if pause is not None:
        _send_later(c, prepared.id, pause)
        return "retrying"
    return "failed"


def _retryable(error: MessagingError) -> bool:
    if isinstance(error, (UnregisteredTemplate, OutsideWindow)):
        return False  # sending the same thing again cannot succeed
    return getattr(error, "retryable", True)  # adapters without the flag: timeouts are the common case


def _send_later(c, notification_id: int, wait: timedelta) -> None:
    # Queues without a scheduler (the embedded default) leave it to the sweep, which runs every minute.
    if hasattr(c.jobs, "enqueue_in"):
        c.jobs.enqueue_in(wait, SEND, notification_id, job_id=f"notify-{notification_id}")


def sweep(c) -> dict[str, int]:
    """Queue due reminders and center alerts, re-enqueue due messages, flag attempts that never returned."""
    with c.uow() as uow:
        queued = reminders.run(uow.session, settings=c.settings)
        stale = delivery.flag_stale_attempts(uow.session)
        due = delivery.due_ids(uow.session)
        uow.commit()
    for notification_id in due:
        c.jobs.enqueue(SEND, notification_id)
    return {"reminders": queued, "due": len(due), "stale_attempts": stale}

