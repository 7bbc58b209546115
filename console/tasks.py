"""Background jobs. Each takes ids, opens its own unit of work, and is safe to run twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from core import outbox
from core.booking import sweep as booking_sweep
from core.jobs import resolve
from console.bootstrap import container, dispatch_outbox
from console.gateway.jobs import redispatch_stalled
from console import subscriptions

log = logging.getLogger(__name__)
SWEEP_EVERY = timedelta(seconds=60)
SWEEP_JOB_ID = "medezy-sweep"


def deliver_outbox(message_id: int) -> bool:
    """Run the subscribers of one outbox message, once."""
    with container().uow() as uow:
        delivered = outbox.deliver(uow.session, message_id, subscriptions.bound(container()))
        uow.commit()
    log.info("outbox message %s %s", message_id, "delivered" if delivered else "already delivered")
    return delivered


def sweep() -> dict[str, int]:
    """Expire lapsed holds; re-dispatch outbox messages and WhatsApp turns whose first dispatch was lost."""
    c = container()
    with c.uow() as uow:
        expired = booking_sweep.expire_lapsed_holds(uow.session)
        uow.commit()
    with c.uow() as uow:
        stale = outbox.stale_ids(uow.session)
    outbox.safe_dispatch(lambda ids: dispatch_outbox(c.jobs, ids), stale)
    conversations = redispatch_stalled()
    notified = notification_sweep(c)
    log.info("sweep: %d holds expired, %d outbox messages and %d conversations redispatched; notifications %s",
             len(expired), len(stale), conversations, notified)
    return {"expired_holds": len(expired), "redispatched": len(stale), "conversations": conversations,
            "notifications": notified}


def notification_sweep(c) -> dict[str, int]:
    """Reminders, center alerts and due notifications (notifications.jobs.sweep); never fails the sweep."""
    from notifications.jobs import sweep as run
    try:
        return run(c)
    except Exception:  # noqa: BLE001 - holds must still expire when notifications break
        log.exception("notification sweep failed")
        return {}


def with_container(func_path: str, *args: object):
    """Run a job written as `job(c, *ids)` with this process's container (see core.jobs.routed)."""
    return resolve(func_path)(container(), *args)


def sweep_and_reschedule() -> dict[str, int]:
    """The worker's periodic sweep: run, then book the next run (one fixed job id, so no pile-up)."""
    try:
        return sweep()
    finally:
        container().jobs.enqueue_in(SWEEP_EVERY, "console.tasks.sweep_and_reschedule", job_id=SWEEP_JOB_ID)
