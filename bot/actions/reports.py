"""Reports: when one will come, and a signed, expiring link to it on demand."""
from __future__ import annotations

from datetime import timedelta

from rasa_sdk.events import SlotSet

from bot.actions.manage import LIVE
from bot.actions.runtime import PatientAction, Turn
from bot.actions.wording import when
from core import documents
from core.booking import queries
from core.errors import NotFound
from core.models.bookings import Booking, BookingStatus
from core.models.documents import DocumentKind

LINK_HOURS = 24


def _completed(turn: Turn) -> list[Booking]:
    everything = queries.list_for_user(turn.session, actor=turn.actor, user_id=turn.user.id)
    reference = (turn.slot("booking_ref") or "").upper()
    done = [b for b in everything if b.status is BookingStatus.COMPLETED]
    # The booking the patient named first, then the most recent scans.
    return sorted(done, key=lambda b: (b.reference != reference, -b.slot.starts_at.timestamp()))


def _has_report(turn: Turn, booking: Booking) -> bool:
    return documents.latest(turn.session, booking_id=booking.id, kind=DocumentKind.REPORT) is not None


class ReportStatus(PatientAction):
    def name(self) -> str:
        return "action_report_status"

    def act(self, turn: Turn) -> list[dict]:
        done = _completed(turn)
        if not done:
            turn.say(_no_scan_yet(turn))
            return []
        booking = done[0]
        if _has_report(turn, booking):
            turn.say(f"Your *{booking.service.name}* report ({booking.reference}) is ready ✅ "
                     "Reply *send report* and I'll send it here.")
        else:
            turn.say(_not_ready(booking))
        return [SlotSet("booking_ref", booking.reference)]


def _not_ready(booking: Booking) -> str:
    hours = booking.service.report_turnaround_hours
    due = (booking.completed_at or booking.slot.starts_at) + timedelta(hours=hours)
    return (f"Your *{booking.service.name}* report ({booking.reference}) isn't ready yet. It usually comes within "
            f"{hours} hours of the scan, so by {when(due)}. We'll send it here the moment the centre uploads it.")


def _no_scan_yet(turn: Turn) -> str:
    everything = queries.list_for_user(turn.session, actor=turn.actor, user_id=turn.user.id)
    upcoming = sorted((b for b in everything if b.status in LIVE), key=lambda b: b.slot.starts_at)
    if not upcoming:
        return "I can't find a completed scan on this number. Reply *2* to see your bookings."
    first = upcoming[0]
    return (f"Your *{first.service.name}* ({first.reference}) is on {when(first.slot.starts_at)}. The report comes "
            f"within {first.service.report_turnaround_hours} hours after the scan; we'll send it here.")


class SendReport(PatientAction):
    def name(self) -> str:
        return "action_send_report"

    def act(self, turn: Turn) -> list[dict]:
        done = _completed(turn)
        named = [b for b in done if b.reference == (turn.slot("booking_ref") or "").upper()]
        booking = named[0] if named else next((b for b in done if _has_report(turn, b)), None)
        if booking is None:
            turn.say(_not_ready(done[0]) if done else _no_scan_yet(turn))
            return []
        try:
            url = documents.report_link(turn.session, turn.c.adapters["storage"], actor=turn.actor,
                                        booking_id=booking.id, expires_in=LINK_HOURS * 3600)
        except NotFound:
            turn.say(_not_ready(booking))
            return []
        turn.say(f"Here is your *{booking.service.name}* report ({booking.reference}) 📄\n{url}\n"
                 f"The link works for {LINK_HOURS} hours; ask me anytime for a fresh one.")
        return [SlotSet("booking_ref", booking.reference)]
