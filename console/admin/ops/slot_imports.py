"""Bulk slot import: upload a CSV, a background job checks and imports it (core.slots.imports) while the
page polls a small JSON endpoint for the progress bar; the report lists every bad row by line and reason,
and a checked file with bad rows can be imported again skipping them."""
from __future__ import annotations

from flask import current_app, jsonify, redirect
from flask_admin import expose
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField

from console.adminkit.pages import ButtonForm, PanelPage
from core import jobs
from core.models.slot_imports import ImportStatus
from core.slots import imports

SHOWN_ERRORS = 500  # a page of bad rows; the count says how many more there are
FINISHED = (ImportStatus.DONE, ImportStatus.REJECTED, ImportStatus.FAILED)


class UploadForm(FlaskForm):
    file = FileField("Slot CSV file",
                     validators=[FileRequired("Choose a CSV file.")])
    dry_run = BooleanField("Dry run: check every row and import nothing", default=True)
    import_good_rows = BooleanField("Import the good rows even if some rows are bad")


def _storage():
    return current_app.extensions["medezy"].adapters["storage"]


def progress_of(record) -> dict:
    return {"id": record.id, "status": record.status.value, "percent": record.percent,
            "processed_rows": record.processed_rows, "total_rows": record.total_rows,
            "bad_rows": record.bad_rows, "finished": record.status in FINISHED}


def offers_good_rows(record) -> bool:
    """A finished check of an upload with bad rows and some good ones, nothing imported yet."""
    checked = record.dry_run or record.status is ImportStatus.REJECTED
    return (record.status in (ImportStatus.DONE, ImportStatus.REJECTED) and checked and bool(record.storage_key)
            and 0 < record.bad_rows < record.total_rows)


class SlotImportPage(PanelPage):
    permission = "slot.import"

    @expose("/")
    def index(self):
        with self.reading() as (session, actor):
            recent = imports.recent(session, actor=actor)
            return self.render("admin_panel/slot_imports.html", form=UploadForm(), recent=recent)

    @expose("/upload", methods=("POST",))
    def upload(self):
        form = UploadForm()
        self.checked(form)
        upload = form.file.data
        record = self.through_core(lambda session, actor: self._create(session, actor, upload, form))
        if not record:
            return redirect(self.get_url(".index"))
        return redirect(self.get_url(".show", import_id=record.id))

    @staticmethod
    def _create(session, actor, upload, form):
        record = imports.create(session, actor=actor, storage=_storage(), data=upload.read(),
                                filename=upload.filename or "upload.csv", dry_run=form.dry_run.data,
                                import_good_rows=form.import_good_rows.data)
        jobs.after_commit(session, imports.JOB, record.id)
        return record

    @expose("/<int:import_id>")
    def show(self, import_id: int):
        with self.reading() as (session, actor):
            record = imports.get_or_raise(session, actor=actor, import_id=import_id)
            return self.render("admin_panel/slot_import.html", record=record, progress=progress_of(record),
                               errors=record.errors[:SHOWN_ERRORS], offer=offers_good_rows(record),
                               form=ButtonForm())

    @expose("/<int:import_id>/progress")
    def progress(self, import_id: int):
        with self.reading() as (session, actor):
            return jsonify(progress_of(imports.get_or_raise(session, actor=actor, import_id=import_id)))

    @expose("/<int:import_id>/import-good-rows", methods=("POST",))
    def import_good_rows(self, import_id: int):
        self.checked(ButtonForm())

        def work(session, actor):
            record = imports.import_good_rows(session, actor=actor, storage=_storage(), import_id=import_id)
            jobs.after_commit(session, imports.JOB, record.id)
            return record
        record = self.through_core(work)
        return redirect(self.get_url(".show", import_id=record.id if record else import_id))
