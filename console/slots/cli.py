"""`medezy slots import FILE`: the bulk slot importer from the command line (acts as the platform)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from wiring.commands import command_container
from core.actors import SYSTEM
from core.slots import importer


@click.group()
def slots() -> None:
    """Slot tools."""


@slots.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check every row and report; import nothing.")
@click.option("--import-good-rows", is_flag=True, help="Import the good rows even if some rows are bad.")
def import_file(file: Path, dry_run: bool, import_good_rows: bool) -> None:
    """Import slots from a CSV (center,service,date,start,end,slot_minutes,capacity); exit 1 on any bad row."""
    with command_container().uow() as uow:
        outcome = importer.run(uow.session, actor=SYSTEM, data=file.read_bytes(), dry_run=dry_run,
                               import_good_rows=import_good_rows, source="cli", filename=file.name)
        uow.commit()
    for error in outcome.errors:
        click.echo(f"line {error.line}: {error.reason}", err=True)
    click.echo(_summary(outcome))
    if outcome.errors:
        sys.exit(1)


def _summary(outcome: importer.Outcome) -> str:
    if outcome.dry_run:
        verdict = "dry run, nothing imported"
    elif outcome.imported:
        verdict = f"imported {outcome.slots_created} new slots"
    else:
        verdict = "nothing imported (fix the bad rows, or pass --import-good-rows)"
    return (f"{outcome.rows} rows, {outcome.bad_rows} bad; {verdict}; "
            f"{outcome.slots_existing} slots were already there")
