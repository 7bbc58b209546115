"""Background jobs of every process: `job(c, *ids)`, run by the job queue with the process container.

Each opens its own unit of work and is safe to run twice.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from console.gateway.jobs import redispatch_stalled
from core import audit_checkpoint, audit_seal, outbox
from core.booking import sweep as booking_sweep
from wiring import topics
from wiring.container import Container, dispatch_outbox

log = logging.getLogger(__name__)
SWEEP_EVERY = timedelta(seconds=60)
SWEEP_JOB = "wiring.tasks.sweep_and_reschedule"
SWEEP_JOB_ID = "medezy-sweep"


def deliver_outbox(c: Container, message_id: int) -> bool:
    """Run the handlers of one outbox message, once."""
    with c.uow() as uow:
        delivered = outbox.deliver(uow.session, message_id, topics.handlers(), c)
        uow.commit()
    log.info("outbox message %s %s", message_id, "delivered" if delivered else "already delivered")
    return delivered


def sweep(c: Container) -> dict[str, int]:
    """Expire lapsed holds; re-dispatch outbox messages and WhatsApp turns whose first dispatch was lost."""
    with c.uow() as uow:
        expired = booking_sweep.expire_lapsed_holds(uow.session)
        uow.commit()
    with c.uow() as uow:
        stale = outbox.stale_ids(uow.session)
    outbox.safe_dispatch(lambda ids: dispatch_outbox(c.jobs, ids), stale)
    sealed = _seal_and_checkpoint_audit_chain(c)
    conversations = redispatch_stalled(c)
    escalated = _escalate_unconfirmed(c)
    assigned = _assign_waiting_tickets(c)
    notified = notification_sweep(c)
    _generate_availability(c)
    _roll_up_funnel(c)
    _roll_up_dashboard(c)
    log.info("sweep: %d holds expired, %d outbox messages and %d conversations redispatched, %d unconfirmed "
             "bookings escalated, %d audit entries sealed; notifications %s", len(expired), len(stale),
             conversations, escalated, sealed, notified)
    return {"expired_holds": len(expired), "redispatched": len(stale), "conversations": conversations,
            "escalated": escalated, "audit_sealed": sealed, "notifications": notified, "tickets_assigned": assigned}


def notification_sweep(c: Container) -> dict[str, int]:
    """Reminders, center alerts and due notifications (notifications.jobs.sweep); never fails the sweep."""
    from notifications.jobs import sweep as run
    try:
        return run(c)
    except Exception:  # noqa: BLE001 - holds must still expire when notifications break
        log.exception("notification sweep failed")
        return {}


def _escalate_unconfirmed(c: Container) -> int:
    """Paid bookings past the center's confirm SLA (working minutes) go to the support queue, once."""
    from core.booking.confirm_sla import ConfirmSla, escalate_overdue
    from core.clock import now_utc
    with c.uow() as uow:
        touched = escalate_overdue(uow.session, now=now_utc(),
                                   sla=ConfirmSla(minutes=c.settings.center_confirm_sla_minutes))
        uow.commit()
    return len(touched)


def _roll_up_funnel(c: Container) -> None:
    """Fold the minute's analytics events into the funnel's rollup, so the analytics page finds little to do."""
    from core.insight.funnel_rollup import advance
    try:
        with c.uow() as uow:
            advance(uow.session)
            uow.commit()
    except Exception:  # noqa: BLE001 - the page advances it itself; holds must still expire
        log.exception("funnel rollup failed")


def _roll_up_dashboard(c: Container) -> None:
    """Roll the days that closed into the dashboard's rollup and re-roll the days changed since (the dashboard
    reads those live meanwhile, so a failure here costs speed, never a wrong figure)."""
    from core.insight.dashboard_rollup import advance
    try:
        with c.uow() as uow:
            advance(uow.session)
            uow.commit()
    except Exception:  # noqa: BLE001 - holds must still expire
        log.exception("dashboard rollup failed")


def _generate_availability(c: Container) -> int:
    """Keep every center's weekly templates generated DAYS_AHEAD days out (a no-op once they are)."""
    from core.clock import IST, now_utc
    from core.slots import weekly
    try:
        with c.uow() as uow:
            created = weekly.generate(uow.session, today=now_utc().astimezone(IST).date())
            uow.commit()
    except Exception:  # noqa: BLE001 - holds must still expire when slot generation breaks
        log.exception("availability generation failed")
        return 0
    if created:
        log.info("availability: %d slots generated from weekly templates", created)
    return created


def _assign_waiting_tickets(c: Container) -> int:
    """Waiting tickets go to agents who have their queue open, below their cap (core.support.queue)."""
    from core.clock import now_utc
    from core.support import queue
    with c.uow() as uow:
        assigned = queue.auto_assign(uow.session, now=now_utc())
        uow.commit()
    return len(assigned)


MAX_SEALS_PER_RUN = 50  # 100,000 entries: a backlog larger than that is sealed over several sweeps


def seal_audit_chain(c: Container) -> int:
    """Chain every audit entry written since the last seal, one short transaction per batch."""
    total = 0
    for _ in range(MAX_SEALS_PER_RUN):
        with c.uow() as uow:
            sealed = audit_seal.seal(uow.session)
            uow.commit()
        total += sealed
        if sealed < audit_seal.SEAL_LIMIT:
            break
    return total


def _seal_and_checkpoint_audit_chain(c: Container) -> int:
    """Seal, then sign the new head into file storage; a refusal is logged (it is the alert), never raised."""
    sealed = 0
    try:
        sealed = seal_audit_chain(c)
        with c.uow() as uow:
            audit_checkpoint.write(uow.session, c.adapters["storage"])
    except (audit_seal.SealBusy, audit_checkpoint.CheckpointError) as error:  # keep sweeping
        log.error("audit chain not sealed or checkpointed: %s", error)
    return sealed


def sweep_and_reschedule(c: Container) -> dict[str, int]:
    """The worker's periodic sweep: run, then book the next run (one fixed job id, so no pile-up)."""
    try:
        return sweep(c)
    finally:
        c.jobs.enqueue_in(SWEEP_EVERY, SWEEP_JOB, job_id=SWEEP_JOB_ID)
