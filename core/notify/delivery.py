"""A notification's life after queueing: the recorded attempt, the provider's answer, callbacks.

A send is two transactions around the provider call: the attempt (state `sending`) is committed
before the provider hears of the message, the outcome after. A worker killed in between leaves the row
in `sending`, and a row in `sending` is never sent again by a retry: it is reconciled instead (a
provider callback naming it, or the stale-attempt sweep flagging it for a person).
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from core.clock import now_utc
from core.errors import ValidationError
from core.models.notifications import Notification, NotificationState as S

# Waits between attempts after a retryable refusal (timeouts, 429, 5xx); then the message has failed.
BACKOFF = (timedelta(seconds=10), timedelta(seconds=60), timedelta(minutes=5), timedelta(minutes=30))
STALE_ATTEMPT = timedelta(minutes=5)
# Callbacks arrive out of order; a state only moves forward (failed is final unless it came first).
_RANK = {S.QUEUED: 0, S.SENDING: 1, S.SENT: 2, S.DELIVERED: 3, S.READ: 4, S.FAILED: 5, S.CANCELLED: 6}
PROVIDER_STATES = {"queued": S.SENT, "accepted": S.SENT, "enqueued": S.SENT, "submitted": S.SENT, "sending": S.SENT,
                   "sent": S.SENT, "delivered": S.DELIVERED, "delivery": S.DELIVERED, "read": S.READ,
                   "open": S.READ, "failed": S.FAILED, "undelivered": S.FAILED, "bounce": S.FAILED}


def get(session: Session, notification_id: int) -> Notification | None:
    return session.get(Notification, notification_id)


def claim(session: Session, notification_id: int, *, now: datetime | None = None) -> Notification | None:
    """Lock a queued, due notification for sending; None if it is not ours to send now. Writes nothing."""
    row = session.execute(select(Notification).where(Notification.id == notification_id)
                          .with_for_update(skip_locked=True)).scalar_one_or_none()
    if row is None or row.state is not S.QUEUED or row.not_before > (now or now_utc()):
        return None  # sent, in flight, cancelled, or early (quiet hours, backoff): the sweep returns later
    return row


def record_attempt(row: Notification, *, now: datetime | None = None) -> None:
    """The claimed row is being sent (written at the caller's next flush, with whatever else it changed)."""
    now = now or now_utc()
    row.state, row.attempts, row.attempted_at, row.updated_at = S.SENDING, row.attempts + 1, now, now


def record_sent(session: Session, notification_id: int, *, provider: str, provider_message_id: str,
                now: datetime | None = None) -> None:
    """The provider took it. One UPDATE: no callback can have moved the row on, it knew no id yet; a row
    flagged "outcome unknown" meanwhile (a very slow provider) now has its answer."""
    now = now or now_utc()
    session.execute(update(Notification).where(Notification.id == notification_id,
                                               Notification.state.in_((S.SENDING, S.FAILED)))
                    .values(state=S.SENT, provider=provider, provider_message_id=provider_message_id, sent_at=now,
                            updated_at=now, error=None))


def record_failure(session: Session, notification_id: int, *, error: str, retryable: bool,
                   provider: str | None = None, now: datetime | None = None) -> timedelta | None:
    """Back to the queue after a pause if retryable and attempts remain (returns the pause), else failed."""
    now = now or now_utc()
    row = _locked(session, notification_id)
    row.error, row.provider, row.updated_at = error[:300], provider, now
    if retryable and row.attempts <= len(BACKOFF):
        pause = BACKOFF[row.attempts - 1]
        row.state, row.not_before = S.QUEUED, now + pause
        return pause
    row.state = S.FAILED
    return None


def cancel(session: Session, row: Notification, *, reason: str) -> None:
    row.state, row.error, row.updated_at = S.CANCELLED, reason[:300], now_utc()


def apply_status(session: Session, *, provider_message_id: str | None = None, notification_id: int | None = None,
                 status: str, error: str | None = None) -> Notification | None:
    """A provider's status callback; unknown messages are ignored, states never move backwards."""
    state = PROVIDER_STATES.get((status or "").strip().lower())
    if state is None:
        raise ValidationError(f"unknown delivery status {status!r}")
    query = select(Notification).with_for_update()
    query = query.where(Notification.id == notification_id) if notification_id else \
        query.where(Notification.provider_message_id == provider_message_id)
    row = session.execute(query).scalar_one_or_none()
    if row is None or not _moves(row, state):
        return None
    row.state, row.updated_at = state, now_utc()
    if error:
        row.error = error[:300]
    return row


def due_ids(session: Session, *, now: datetime | None = None, limit: int = 500) -> list[int]:
    """Queued notifications whose time has come (their first job was lost, deferred, or backing off)."""
    return list(session.scalars(select(Notification.id).where(
        Notification.state == S.QUEUED, Notification.not_before <= (now or now_utc()))
        .order_by(Notification.id).limit(limit)))


def flag_stale_attempts(session: Session, *, now: datetime | None = None) -> int:
    """Attempts that never reported back (the worker died mid-send): failed, not resent.

    The provider may well have delivered it; sending again is what produced duplicates. A later
    callback naming the message still moves it on (sent, delivered, read).
    """
    cutoff = (now or now_utc()) - STALE_ATTEMPT
    result = session.execute(update(Notification).where(
        Notification.state == S.SENDING, Notification.attempted_at <= cutoff)
        .values(state=S.FAILED, error="outcome unknown: the sender stopped mid-send; not resent to avoid a duplicate"))
    return result.rowcount


def _moves(row: Notification, state: S) -> bool:
    if row.state is S.FAILED and row.error and row.error.startswith("outcome unknown"):
        return state is not S.FAILED  # the provider tells us what really happened to the lost attempt
    return row.state is not S.CANCELLED and _RANK[state] > _RANK[row.state]


def _locked(session: Session, notification_id: int) -> Notification:
    return session.execute(select(Notification).where(Notification.id == notification_id)
                           .with_for_update()).scalar_one()
