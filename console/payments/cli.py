"""`medezy settlements ...`: settlement runs from the command line (finance's monthly close)."""
from __future__ import annotations

from datetime import date

import click
from sqlalchemy import select

from core.actors import SYSTEM
from core.catalogue import rupees
from core.models.centers import Center
from core.payments import settlements as service
from wiring.commands import command_container


@click.group()
def settlements() -> None:
    """Partner settlement runs (CSV + PDF into file storage)."""


@settlements.command("run")
@click.option("--center", "center_id", type=int, help="One center (default: every center).")
@click.option("--start", type=click.DateTime(["%Y-%m-%d"]), required=True, help="First day (IST).")
@click.option("--end", type=click.DateTime(["%Y-%m-%d"]), required=True, help="Day after the last (IST).")
def run(center_id: int | None, start, end) -> None:
    """Settle centers for [start, end); rerunning a period prints the existing statement."""
    c = command_container()
    with c.uow() as uow:
        ids = [center_id] if center_id else list(uow.session.scalars(select(Center.id).order_by(Center.id)))
    for one in ids:
        _run_one(c, one, start.date(), end.date())


@settlements.command("month")
@click.argument("month", type=click.DateTime(["%Y-%m"]))
@click.pass_context
def month(ctx: click.Context, month) -> None:
    """Settle every center for one calendar month, e.g. `medezy settlements month 2025-04`."""
    first = month.date().replace(day=1)
    after = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    ctx.invoke(run, center_id=None, start=month.replace(day=1), end=month.replace(year=after.year,
                                                                                 month=after.month, day=1))


def _run_one(c, center_id: int, start: date, end: date) -> None:
    with c.uow() as uow:
        done = service.run(uow.session, actor=SYSTEM, center_id=center_id, start=start, end=end,
                           storage=c.adapters["storage"], finance=c.adapters["finance"])
        uow.commit()
    click.echo(f"{done.number} center {center_id}: {done.bookings} bookings, "
               f"outstanding {rupees(done.outstanding_paise)}, report {done.pdf_key}")
