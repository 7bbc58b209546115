"""Job entry point for console CSV uploads on today's job queue, which calls `job(*ids)`.

The import job itself is core.slots.imports.run_job(c, import_id); once the wiring package calls jobs as
`job(c, *ids)`, enqueue core.slots.imports.JOB directly and delete this module.
"""
from __future__ import annotations

from console.bootstrap import container
from core.slots import imports

RUN_IMPORT = "console.slots.tasks.run_import"


def run_import(import_id: int) -> str:
    """Check and import one uploaded slot CSV (see core.slots.imports.run_job)."""
    return imports.run_job(container(), import_id)
