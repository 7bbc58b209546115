"""One bulk slot import (CSV from the console, the API or the CLI): its file, options and progress."""
from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, Boolean, CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base, UTCDateTime, utcnow
from core.models.enums import str_enum


class ImportStatus(str, enum.Enum):
    QUEUED = "queued"  # the file is stored; a job will check and import it
    CHECKING = "checking"
    IMPORTING = "importing"
    DONE = "done"  # slots created (and, with import_good_rows, bad rows skipped)
    REJECTED = "rejected"  # bad rows and no permission to skip them: nothing imported
    FAILED = "failed"  # the job itself broke; nothing imported


class SlotImport(Base):
    __tablename__ = "slot_imports"
    __table_args__ = (
        CheckConstraint("processed_rows <= total_rows OR total_rows = 0", name="progress_within_total"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(10))  # upload | api | cli
    filename: Mapped[str] = mapped_column(String(200), default="")
    storage_key: Mapped[str | None] = mapped_column(String(300))  # uploads only: the job reads it from here
    sha256: Mapped[str] = mapped_column(String(64))
    import_good_rows: Mapped[bool] = mapped_column(Boolean, default=False)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[ImportStatus] = mapped_column(str_enum(ImportStatus), default=ImportStatus.QUEUED)
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), index=True)  # a partner's own
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    processed_rows: Mapped[int] = mapped_column(Integer, default=0)
    bad_rows: Mapped[int] = mapped_column(Integer, default=0)
    slots_created: Mapped[int] = mapped_column(Integer, default=0)
    slots_existing: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # [{"line": 7, "reason": "..."}]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def percent(self) -> int:
        """How far the job has got, for the console's progress bar."""
        if self.status in (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED):
            return 100
        return self.processed_rows * 100 // self.total_rows if self.total_rows else 0
