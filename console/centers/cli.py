"""`medezy centers expiring`: licences and accreditations of verified centers that expire soon."""
from __future__ import annotations

import click

from wiring.commands import command_container
from core import center_documents


@click.group()
def centers() -> None:
    """Partner center tools."""


@centers.command("expiring")
@click.option("--within", "within_days", default=30, show_default=True, help="Days ahead to look.")
def expiring(within_days: int) -> None:
    """List documents expiring within the window (expired ones first); exit 1 if any."""
    with command_container().uow() as uow:
        found = center_documents.expiring(uow.session, within_days=within_days)
    for item in found:
        when = f"expired {-item.days_left} days ago" if item.days_left < 0 else f"expires in {item.days_left} days"
        click.echo(f"{item.center} (center {item.center_id}): {center_documents.KINDS[item.kind]} {when} "
                   f"({item.expires_on})")
    if not found:
        click.echo(f"no center document expires within {within_days} days")
    raise SystemExit(1 if found else 0)
