"""Every outbox topic core emits, one constant each.

Emitters pass these constants to `core.outbox.emit`, which refuses any other topic, so this module is
the complete list: the topic registry (wiring.topics) compares it with the handlers it collected and
refuses to start when one of these has none.
"""
from __future__ import annotations

BOOKING_PAID = "booking_paid"
BOOKING_CONFIRMED = "booking_confirmed"
BOOKING_COMPLETED = "booking_completed"
BOOKING_NO_SHOW = "booking_no_show"
BOOKING_CANCELLED = "booking_cancelled"
BOOKING_RESCHEDULED = "booking_rescheduled"
HOLD_EXPIRED = "hold_expired"
REPORT_READY = "report_ready"
PAYMENT_FAILED = "payment_failed"
PAYMENT_FLAGGED = "payment_flagged"
REFUND_QUEUED = "refund_queued"
REFUND_ISSUED = "refund_issued"
REFUND_FAILED = "refund_failed"
POLICY_REFUND_PROCESSED = "policy_refund_processed"
TRANSFER_QUEUED = "transfer_queued"
EXPORT_REQUESTED = "export_requested"
TICKET_UPDATED = "ticket_updated"  # a patient hears when support resolves their ticket
REFUND_DECIDED = "refund_decided"  # an approval-bound refund was approved or rejected
SETTLEMENT_ACCOUNT_SAVED = "settlement_account_saved"
CAMPAIGN_LAUNCH_REQUESTED = "campaign_launch_requested"  # marketing pressed send; a job queues the messages
TICKET_ESCALATED = "ticket_escalated"  # support flagged a case for the admins, who are alerted
SLOTS_OPENED = "slots_opened"  # free capacity appeared (import, unblock, cancel, expiry): the waitlist hears
SETTLEMENT_MONTH_REQUESTED = "settlement_month_requested"  # finance ran a month; a job fans out per center
SETTLEMENT_CENTER_DUE = "settlement_center_due"  # one center's statement of a month run, one job each
CENTER_ADMIN_CHANGED = "center_admin_changed"  # a partner user became (or stopped being) a center admin

ALL: frozenset[str] = frozenset(value for name, value in dict(globals()).items()
                                if name.isupper() and isinstance(value, str))
