"""CSV exports of the analytics and finance tables: asked for in the console, produced in the background,
capped, with patient details masked. Only the person who asked (or a super admin) downloads one."""
from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit, outbox, topics
from core.actors import Actor
from core.clock import IST, now_utc
from core.errors import NotFound, ValidationError
from core.insight import funnel, gst_register, quality, utilization, volume
from core.insight.period import Period
from core.payments.money import decimal_rupees
from core.models import Booking, Center, Service, Slot, User
from core.models.exports import Export, ExportStatus
from core.models.users import Role
from core.privacy import mask_phone
from core.storage import FileStorage

MAX_ROWS = 50_000
LINK_SECONDS = 15 * 60


@dataclass(frozen=True)
class Kind:
    permission: str
    header: tuple[str, ...]
    rows: Callable[[Session, Period], Iterable[tuple]]


def _bookings(session: Session, period: Period) -> Iterable[tuple]:
    # Masked on the way out: an export leaves the console, so it never carries a full phone or a name.
    query = (select(Booking.reference, Booking.status, Center.name, Service.name, Slot.starts_at, Booking.patient_name,
                    User.phone, Booking.price_paise)
             .join(Center, Center.id == Booking.center_id).join(Service, Service.id == Booking.service_id)
             .join(Slot, Slot.id == Booking.slot_id).join(User, User.id == Booking.user_id)
             .where(period.contains(Booking.created_at)).order_by(Booking.id).limit(MAX_ROWS + 1))
    for ref, status, center, scan, starts, name, phone, price in session.execute(query).yield_per(1000):
        yield (ref, status.value, center, scan, starts.astimezone(IST).strftime("%Y-%m-%d %H:%M"), _initials(name),
               mask_phone(phone), decimal_rupees(price))


def _funnel_rows(session: Session, period: Period, segment: str) -> Iterable[tuple]:
    for value, steps in sorted(funnel.funnel(session, period=period, segment=segment).items(), key=lambda i: str(i[0])):
        yield from ((value, step.name, step.patients, step.drop_off) for step in steps)


KINDS: dict[str, Kind] = {
    "bookings_per_day": Kind("dashboard.view", ("day", "bookings"),
                             lambda s, p: volume.bookings_per(s, period=p, grain="day")),
    "top_cities": Kind("dashboard.view", ("city", "bookings", "value_rupees"),
                       lambda s, p: ((r.name, r.bookings, decimal_rupees(r.gmv_paise)) for r in volume.top_cities(s, period=p, limit=500))),
    "funnel": Kind("analytics.view", ("step", "patients", "drop_off"),
                   lambda s, p: ((st.name, st.patients, st.drop_off) for st in funnel.funnel(s, period=p).get(None, []))),
    **{f"funnel_by_{segment}": Kind("analytics.view", (segment, "step", "patients", "drop_off"),
                                    lambda s, p, segment=segment: _funnel_rows(s, p, segment))
       for segment in funnel.SEGMENTS},
    "quality": Kind("analytics.view", ("no_show_rate", "hold_to_book_rate", "nps"),
                    lambda s, p: [(quality.no_show_rate(s, period=p), quality.hold_to_book_rate(s, period=p),
                                   quality.nps(s, period=p))]),
    "partner_sla": Kind("analytics.view", ("center_id", "paid", "avg_confirm_minutes", "cancelled_by_center",
                                           "no_show", "report_turnaround_hours", "nps"),
                        lambda s, p: ((r.center_id, r.paid, r.avg_confirm_minutes, r.cancelled_by_center, r.no_show,
                                       r.report_turnaround_hours, r.nps) for r in quality.partner_sla(s, period=p))),
    "utilization": Kind("analytics.view", ("day", "center_id", "service_id", "capacity", "booked", "held", "blocked",
                                           "free"),
                        lambda s, p: ((u.bucket, u.center_id, u.service_id, u.capacity, u.booked, u.held, u.blocked,
                                       u.free) for u in utilization.by_bucket(s, period=p))),
    "gst_register": Kind("finance.view", tuple(f.removesuffix("_paise") for f in gst_register.RegisterRow.__annotations__),
                         lambda s, p: (gst_register.csv_values(r) for r in gst_register.rows(s, period=p))),
    "bookings": Kind("booking.view", ("reference", "status", "center", "scan", "scan_time_ist", "patient", "phone",
                                      "price_rupees"), _bookings),
}


def request(session: Session, *, actor: Actor, kind: str, start: date, end: date) -> Export:
    """Ask for an export of one table over [start, end); it is produced in the background."""
    found = KINDS.get(kind)
    if found is None:
        raise ValidationError(f"Unknown export {kind!r}.")
    actor.require_permission(found.permission)
    if actor.role is Role.PARTNER_STAFF:
        raise ValidationError("Center exports come from the partner panel's own statements.")
    Period(start, end)  # validates the range
    export = Export(kind=kind, params={"start": start.isoformat(), "end": end.isoformat()},
                    requested_by=actor.user_id, status=ExportStatus.QUEUED)
    session.add(export)
    session.flush()
    audit.record(session, actor=actor, action="export.requested", entity_type="export", entity_id=export.id,
                 after={"kind": kind, **export.params})
    outbox.emit(session, topics.EXPORT_REQUESTED, export_id=export.id)
    return export


def produce(session: Session, storage: FileStorage, *, export_id: int, now: datetime | None = None) -> Export:
    """Write the CSV (at most MAX_ROWS rows) to file storage; running it twice does the work once."""
    export = session.get(Export, export_id)
    if export is None or export.status is not ExportStatus.QUEUED:
        return export
    kind, period = KINDS[export.kind], Period(date.fromisoformat(export.params["start"]),
                                              date.fromisoformat(export.params["end"]))
    rows = list(itertools.islice(kind.rows(session, period), MAX_ROWS + 1))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(kind.header)
    writer.writerows(rows[:MAX_ROWS])
    key = f"exports/{export.id}/{export.kind}-{export.params['start']}.csv"
    storage.put(key, out.getvalue().encode(), "text/csv")
    export.status, export.rows, export.truncated = ExportStatus.DONE, min(len(rows), MAX_ROWS), len(rows) > MAX_ROWS
    export.storage_key, export.finished_at = key, now or now_utc()
    return export


def link(session: Session, storage: FileStorage, *, actor: Actor, export_id: int) -> str:
    """A 15-minute download link for a finished export; someone else's export reads as missing."""
    export = session.get(Export, export_id)
    if export is None or (export.requested_by != actor.user_id and actor.role is not Role.SUPER_ADMIN):
        raise NotFound(f"No export {export_id}.")
    if export.status is not ExportStatus.DONE:
        raise NotFound(f"Export {export_id} is not ready yet.")
    audit.record(session, actor=actor, action="export.downloaded", entity_type="export", entity_id=export.id)
    return storage.signed_url(export.storage_key, expires_in=LINK_SECONDS,
                              download_name=export.storage_key.rsplit("/", 1)[-1])


def on_export_requested(session: Session, payload: dict, c) -> None:
    """Outbox handler: produce the export with the process's file storage."""
    produce(session, c.adapters["storage"], export_id=payload["export_id"])


SUBSCRIPTIONS = {topics.EXPORT_REQUESTED: [on_export_requested]}


def _initials(name: str) -> str:
    return " ".join(f"{part[0]}." for part in (name or "").split() if part)[:20]
