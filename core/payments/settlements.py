"""Settlement runs per center and period: numbered statement, CSV and PDF kept in file storage."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import Actor
from core.clock import IST, now_utc
from core.errors import NotFound, ValidationError
from core.models.centers import Center
from core.models.settlements import Settlement
from core.models.users import Role
from core.payments import settlement_report as report
from core.payments.config import FinanceConfig
from core.payments.numbering import next_number
from core.storage import FileStorage

SERIES = "MS"


def run(session: Session, *, actor: Actor, center_id: int, start: date, end: date, storage: FileStorage,
        finance: FinanceConfig, now: datetime | None = None) -> Settlement:
    """Settle one center for [start, end); running the same period again returns the first run."""
    actor.require(Role.FINANCE, Role.OPS_MANAGER, Role.SYSTEM)
    now = now or now_utc()
    if not start < end <= now.astimezone(IST).date():
        raise ValidationError("A settlement period must end after it starts, and not in the future.")
    center = session.get(Center, center_id)
    if center is None:
        raise NotFound(f"Center {center_id} does not exist.")
    existing = session.scalar(select(Settlement).where(
        Settlement.center_id == center_id, Settlement.period_start == start, Settlement.period_end == end))
    if existing is not None:
        return existing
    return _create(session, actor, center, start, end, storage, finance, now)


def _create(session: Session, actor: Actor, center: Center, start: date, end: date, storage: FileStorage,
            finance: FinanceConfig, now: datetime) -> Settlement:
    rows = report.lines(session, center_id=center.id, start=start, end=end, finance=finance)
    totals = report.totals(rows)
    _, _, number = next_number(session, series=SERIES, moment=now)
    stem = f"settlements/{center.id}/{start:%Y%m%d}-{end:%Y%m%d}"
    storage.put(f"{stem}.csv", report.to_csv(rows), "text/csv")
    storage.put(f"{stem}.pdf", report.to_pdf(number=number, center=center, start=start, end=end, rows=rows,
                                             made=now), "application/pdf")
    settlement = Settlement(number=number, center_id=center.id, period_start=start, period_end=end,
                            bookings=totals.bookings, gross_paise=totals.gross_paise, fee_paise=totals.fee_paise,
                            refund_paise=totals.refund_paise, partner_share_paise=totals.partner_share_paise,
                            route_paid_paise=totals.route_paid_paise, outstanding_paise=totals.outstanding_paise,
                            csv_key=f"{stem}.csv", pdf_key=f"{stem}.pdf", created_by_id=actor.user_id,
                            created_at=now)
    session.add(settlement)
    session.flush()
    audit.record(session, actor=actor, action="settlement.created", entity_type="settlement",
                 entity_id=settlement.id, after={"number": number, "center_id": center.id,
                                                 "outstanding_paise": totals.outstanding_paise})
    return settlement
