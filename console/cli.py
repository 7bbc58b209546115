"""The `medezy` command: migrate, seed, audit verify, sweep, worker, console, demo."""
from __future__ import annotations

import logging
import sys

import click

from wiring.commands import command_container
from wiring.production import StartupRefused


@click.group()
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO level.")
def main(verbose: bool) -> None:
    """MedEzy operations."""
    from console.observability import logs
    from core.settings import Settings
    logs.configure(Settings.from_env(), level=logging.INFO if verbose else logging.WARNING)


@main.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    from core.migrate import upgrade
    upgrade(command_container().settings.database_url)
    click.echo("database is up to date")


@main.command()
@click.option("--scale", default=1, show_default=True, help="Multiply centers and slots (benchmarks).")
@click.option("--days", default=30, show_default=True, help="Days of slots from today.")
def seed(scale: int, days: int) -> None:
    """Create realistic demo data (idempotent: does nothing if cities already exist)."""
    from core.seed import seed as run_seed
    with command_container().uow() as uow:
        summary = run_seed(uow.session, scale=scale, days=days)
        uow.commit()
    for name, count in summary.items():
        click.echo(f"{name:>12}: {count}")


@main.group()
def audit() -> None:
    """Audit log tools."""


@audit.command("verify")
@click.option("--unsealed-after", "unsealed_after", default=10, show_default=True, type=click.IntRange(min=1),
              help="Minutes after which an entry the sealer has not chained is reported.")
def audit_verify(unsealed_after: int) -> None:
    """Walk the keyed hash chain up to its newest signed checkpoint; report the first broken link, and
    entries left unsealed for longer than --unsealed-after minutes."""
    from datetime import timedelta

    from core.audit_checkpoint import verify
    c = command_container()
    with c.uow() as uow:
        report = verify(uow.session, c.adapters["storage"], grace=timedelta(minutes=unsealed_after))
    if report.ok:
        click.echo(f"audit chain intact: {report.checked} entries "
                   f"({report.awaiting_seal} newer ones await the sealer)")
        return
    if report.broken_at is None:
        click.echo(f"audit log PROBLEM: {report.problem} (the chain's {report.checked} entries are intact)", err=True)
    else:
        click.echo(f"audit chain BROKEN at entry {report.broken_at}: {report.problem} "
                   f"({report.checked} entries before it are intact)", err=True)
    sys.exit(1)


@audit.command("seal")
def audit_seal() -> None:
    """Chain the audit entries written since the last seal (the worker's sweep does this every minute)."""
    from wiring.tasks import seal_audit_chain
    click.echo(f"audit entries sealed: {seal_audit_chain(command_container())}")


@audit.command("checkpoint")
def audit_checkpoint() -> None:
    """Seal what is waiting, then sign the chain's head into file storage (the sweep does both every minute)."""
    from core.audit_checkpoint import write
    from wiring.tasks import seal_audit_chain
    c = command_container()
    seal_audit_chain(c)
    with c.uow() as uow:
        checkpoint = write(uow.session, c.adapters["storage"])
    click.echo(f"audit checkpoint at entry {checkpoint.seq}" if checkpoint else "audit log is empty")


@main.command()
def sweep() -> None:
    """Expire lapsed holds and re-dispatch undelivered outbox messages, once."""
    from wiring.tasks import sweep as run_sweep
    click.echo(run_sweep(command_container()))


@main.group()
def reminders() -> None:
    """Appointment reminders and center alerts (the worker runs them every minute)."""


@reminders.command("run")
def reminders_run() -> None:
    """Queue the reminders and alerts due now and send what is due, once (idempotent)."""
    from notifications.jobs import sweep as run_reminders
    click.echo(run_reminders(command_container()))


@main.command()
@click.option("--burst", is_flag=True, help="Work the jobs queued now, then stop (no scheduler, no sweep).")
def worker(burst: bool) -> None:
    """Run the RQ worker with its scheduler (needs MEDEZY_REDIS_URL)."""
    from wiring.worker import run
    try:
        run(burst=burst)
    except StartupRefused as refused:
        raise click.ClickException(str(refused)) from refused


@main.command()
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=5000)
def console(host: str, port: int) -> None:
    """Run the web console (development server; production uses gunicorn 'console.wsgi:app')."""
    from console.app import create_app
    create_app(command_container()).run(host=host, port=port, threaded=True)


@main.command()
def demo() -> None:
    """Migrate, seed and run every process in the foreground (the embedded default)."""
    from console.demo import run
    from core.settings import Settings
    run(Settings.from_env())


from console.payments.cli import settlements  # noqa: E402 - a command group kept with its feature
from console.slots.cli import slots  # noqa: E402 - a command group kept with its feature
from console.api.cli import tokens  # noqa: E402 - a command group kept with its feature
from console.centers.cli import centers  # noqa: E402 - a command group kept with its feature

main.add_command(settlements)
main.add_command(slots)
main.add_command(tokens)
main.add_command(centers)


if __name__ == "__main__":
    main()
