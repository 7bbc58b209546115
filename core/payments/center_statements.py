"""A center's own money as its staff see it: settlement statements (download CSV or PDF) and this month's
revenue so far. Another center's statement reads as missing."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from core.actors import Actor
from core.errors import NotFound
from core.models.bookings import Booking
from core.models.payments import Payment
from core.models.payouts import Transfer
from core.models.settlements import Settlement
from core.models.users import Role
from core.payments import settlement_report as report
from core.payments.config import FinanceConfig
from core.storage import FileStorage

KINDS = {"csv": "text/csv", "pdf": "application/pdf"}


def statements(session: Session, *, actor: Actor, center_id: int, limit: int = 24) -> list[Settlement]:
    """The center's settlement statements, newest period first."""
    require_center(actor, center_id)
    return list(session.scalars(select(Settlement).where(Settlement.center_id == center_id)
                                .order_by(Settlement.period_start.desc(), Settlement.id.desc()).limit(limit)))


def statement_file(session: Session, storage: FileStorage, *, actor: Actor, center_id: int, settlement_id: int,
                   kind: str) -> tuple[str, str, bytes]:
    """(download name, content type, bytes) of one statement of the center, as CSV or PDF."""
    require_center(actor, center_id)
    settlement = session.get(Settlement, settlement_id)
    if settlement is None or settlement.center_id != center_id or kind not in KINDS:
        raise NotFound(f"Statement {settlement_id} does not exist.")
    key = settlement.csv_key if kind == "csv" else settlement.pdf_key
    return f"{settlement.number}.{kind}", KINDS[kind], storage.get(key)


def month_to_date(session: Session, *, actor: Actor, center_id: int, today: date,
                  finance: FinanceConfig) -> report.Totals:
    """Revenue from MedEzy bookings this month so far (IST): gross, fees, refunds, the center's share, Route paid."""
    require_center(actor, center_id)
    start = today.replace(day=1)
    return report.totals(report.lines(session, center_id=center_id, start=start, end=today + timedelta(days=1),
                                      finance=finance))


def transfers(session: Session, *, actor: Actor, center_id: int, limit: int = 50) -> list[tuple[Transfer, str]]:
    """The center's latest Route transfers with their booking references: amount, reversals, hold, status."""
    require_center(actor, center_id)
    return [(t, reference) for t, reference in session.execute(
        select(Transfer, Booking.reference).join(Payment, Payment.id == Transfer.payment_id)
        .join(Booking, Booking.id == Payment.booking_id).where(Transfer.center_id == center_id)
        .order_by(Transfer.id.desc()).limit(limit))]


def require_center(actor: Actor, center_id: int) -> None:
    """Finance staff see any center; partner staff only their own (another center reads as missing)."""
    if actor.role is not Role.PARTNER_STAFF:
        actor.require_permission("finance.view")
    else:
        actor.require_permission("finance.center_view")
        if actor.center_id != center_id:
            raise NotFound("No such center.")
