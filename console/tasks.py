"""Background jobs. Each takes ids, opens its own unit of work, and is safe to run twice."""
from __future__ import annotations

import logging
from datetime import timedelta

from core import audit_checkpoint, outbox
from core.booking import sweep as booking_sweep
from console.bootstrap import container, dispatch_outbox
from console.gateway.jobs import redispatch_stalled
from console import subscriptions

log = logging.getLogger(__name__)
SWEEP_EVERY = timedelta(seconds=60)
SWEEP_JOB_ID = "medezy-sweep"


def deliver_outbox(message_id: int) -> bool:
    """Run the subscribers of one outbox message, once."""
    with container().uow() as uow:
        delivered = outbox.deliver(uow.session, message_id, subscriptions.handlers())
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
    _checkpoint_audit_chain(c)
    conversations = redispatch_stalled()
    log.info("sweep: %d holds expired, %d outbox messages and %d conversations redispatched",
             len(expired), len(stale), conversations)
    return {"expired_holds": len(expired), "redispatched": len(stale), "conversations": conversations}


def _checkpoint_audit_chain(c) -> None:
    try:
        with c.uow() as uow:
            audit_checkpoint.write(uow.session, c.adapters["storage"])
    except audit_checkpoint.CheckpointError as error:  # keep sweeping; the error is the alert
        log.error("audit checkpoint refused: %s", error)


def sweep_and_reschedule() -> dict[str, int]:
    """The worker's periodic sweep: run, then book the next run (one fixed job id, so no pile-up)."""
    try:
        return sweep()
    finally:
        container().jobs.enqueue_in(SWEEP_EVERY, "console.tasks.sweep_and_reschedule", job_id=SWEEP_JOB_ID)
