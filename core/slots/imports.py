"""Console CSV uploads: the file is stored, an import row is queued, and a background job imports it,
recording its progress on the row so the console can show a progress bar."""
from __future__ import annotations

import hashlib
import logging
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from core import audit
from core.actors import SYSTEM, Actor
from core.errors import DomainError, NotFound, ValidationError
from core.models.slot_imports import ImportStatus, SlotImport
from core.models.users import User
from core.slots import importer
from core.storage import FileStorage

log = logging.getLogger(__name__)
MAX_BYTES = 16 * 1024 * 1024  # ~300,000 rows; the console refuses larger requests anyway
JOB = "core.slots.imports.run_job"  # job(c, import_id), enqueued by the caller after commit


def create(session: Session, *, actor: Actor, storage: FileStorage, data: bytes, filename: str,
           import_good_rows: bool = False, dry_run: bool = False) -> SlotImport:
    """Store an uploaded CSV and queue its import; enqueue JOB with the row's id after commit."""
    importer.authorize(actor)
    if not data or len(data) > MAX_BYTES:
        raise ValidationError("The file is empty." if not data else "The file is larger than 16 MB; split it.")
    key = f"slot-imports/{uuid.uuid4().hex}.csv"
    storage.put(key, data, "text/csv")
    record = SlotImport(source="upload", filename=(filename or "upload.csv")[:200], storage_key=key,
                        sha256=hashlib.sha256(data).hexdigest(), import_good_rows=import_good_rows,
                        dry_run=dry_run, requested_by_id=actor.user_id, center_id=actor.center_id, errors=[])
    session.add(record)
    session.flush()
    audit.record(session, actor=actor, action="slot_import.queued", entity_type="slot_import",
                 entity_id=record.id, after={"filename": record.filename, "sha256": record.sha256,
                                             "import_good_rows": import_good_rows, "dry_run": dry_run})
    return record


def get_or_raise(session: Session, *, actor: Actor, import_id: int) -> SlotImport:
    """One import, as its progress page shows it; partners see only their own center's."""
    importer.authorize(actor)
    record = session.get(SlotImport, import_id)
    if record is None or (actor.center_id is not None and record.center_id != actor.center_id):
        raise NotFound(f"Slot import {import_id} does not exist.")
    return record


def run_job(c, import_id: int) -> str:
    """Background job: check and import an uploaded CSV once; a second run finds it no longer queued."""
    with c.uow() as uow:
        record = _claim(uow.session, import_id)
        if record is None:
            return f"slot import {import_id} is not queued; nothing to do"
        uow.commit()
        try:
            outcome = importer.run(uow.session, actor=_requester(uow.session, record),
                                   data=c.adapters["storage"].get(record.storage_key), dry_run=record.dry_run,
                                   import_good_rows=record.import_good_rows, record=record,
                                   progress=_progress(uow, record))
            uow.commit()
        except DomainError as error:
            uow.rollback()
            return _fail(c, import_id, str(error))
        except Exception:
            uow.rollback()
            _fail(c, import_id, "the import broke unexpectedly; nothing was imported (see the worker log)")
            raise
    log.info("slot import %s: %s", import_id, outcome.as_dict() | {"errors": outcome.bad_rows})
    return record.status.value


def _claim(session: Session, import_id: int) -> SlotImport | None:
    record = session.scalar(select(SlotImport).where(SlotImport.id == import_id).with_for_update())
    if record is None or record.status is not ImportStatus.QUEUED:
        return None
    record.status = ImportStatus.CHECKING
    return record


def _requester(session: Session, record: SlotImport) -> Actor:
    user = session.get(User, record.requested_by_id) if record.requested_by_id else None
    if user is None or not user.is_active:
        raise ValidationError("The person who uploaded this file can no longer import slots.")
    return Actor.of(user)


def _progress(uow, record: SlotImport):
    """Commit the count of rows checked so far (reading happens before the import's own writes)."""
    def report(done: int, total: int) -> None:
        record.processed_rows, record.total_rows = done, total
        if done == total:
            record.status = ImportStatus.IMPORTING
        uow.commit()
    return report


def _fail(c, import_id: int, reason: str) -> str:
    with c.uow() as uow:
        record = uow.session.get(SlotImport, import_id)
        record.status, record.errors = ImportStatus.FAILED, [{"line": 0, "reason": reason}]
        audit.record(uow.session, actor=SYSTEM, action="slot_import.failed", entity_type="slot_import",
                     entity_id=import_id,
                     reason=reason)
        uow.commit()
    log.warning("slot import %s failed: %s", import_id, reason)
    return ImportStatus.FAILED.value


def recent(session: Session, *, actor: Actor, limit: int = 20) -> list[SlotImport]:
    """The latest imports, newest first (a partner sees only their own center's)."""
    importer.authorize(actor)
    query = select(SlotImport).order_by(SlotImport.id.desc()).limit(limit)
    if actor.center_id is not None:
        query = query.where(SlotImport.center_id == actor.center_id)
    return list(session.scalars(query))


def import_good_rows(session: Session, *, actor: Actor, storage: FileStorage, import_id: int) -> SlotImport:
    """After a dry run (or a rejected import) with bad rows: queue the same file again, skipping the bad rows."""
    checked = get_or_raise(session, actor=actor, import_id=import_id)
    if checked.status not in (ImportStatus.DONE, ImportStatus.REJECTED) or not checked.storage_key:
        raise ValidationError("Only a finished check of an uploaded file can be imported again.")
    if not (checked.dry_run or checked.status is ImportStatus.REJECTED):
        raise ValidationError("This file was already imported.")
    return create(session, actor=actor, storage=storage, data=storage.get(checked.storage_key),
                  filename=checked.filename, import_good_rows=True)
