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
            turn.tell("report_ready", service=booking.service.name, ref=booking.reference)
        else:
            turn.say(_not_ready(turn, booking))
        return [SlotSet("booking_ref", booking.reference)]


def _not_ready(turn: Turn, booking: Booking) -> str:
    hours = booking.service.report_turnaround_hours
    due = (booking.completed_at or booking.slot.starts_at) + timedelta(hours=hours)
    return turn.words("report_not_ready", service=booking.service.name, ref=booking.reference, hours=hours,
                      due=when(due, turn.language))


def _no_scan_yet(turn: Turn) -> str:
    everything = queries.list_for_user(turn.session, actor=turn.actor, user_id=turn.user.id)
    upcoming = sorted((b for b in everything if b.status in LIVE), key=lambda b: b.slot.starts_at)
    if not upcoming:
        return turn.words("no_completed_scan")
    first = upcoming[0]
    return turn.words("scan_upcoming", service=first.service.name, ref=first.reference,
                      when=when(first.slot.starts_at, turn.language), hours=first.service.report_turnaround_hours)


class SendReport(PatientAction):
    def name(self) -> str:
        return "action_send_report"

    def act(self, turn: Turn) -> list[dict]:
        done = _completed(turn)
        named = [b for b in done if b.reference == (turn.slot("booking_ref") or "").upper()]
        booking = named[0] if named else next((b for b in done if _has_report(turn, b)), None)
        if booking is None:
            turn.say(_not_ready(turn, done[0]) if done else _no_scan_yet(turn))
            return []
        try:
            url = documents.report_link(turn.session, turn.c.adapters["storage"], actor=turn.actor,
                                        booking_id=booking.id, expires_in=LINK_HOURS * 3600)
        except NotFound:
            turn.say(_not_ready(turn, booking))
            return []
        turn.tell("report_link", service=booking.service.name, ref=booking.reference, link=url, hours=LINK_HOURS)
        return [SlotSet("booking_ref", booking.reference)]
