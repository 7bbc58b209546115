"""The base of every Flask-Admin model view in every panel.

Reads: a view opens only for users holding both its panel's permission and its own (core.permissions).
Writes: create, edit and delete never reach Flask-Admin's session commit. They go to `create` / `edit`
/ `delete`, which a view implements with core services inside a unit of work (validated, audited,
emitting outbox events); a view that implements none of them cannot write at all, whatever its flags.
"""
from __future__ import annotations

from collections.abc import Callable

from flask import abort
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import SecureForm
from sqlalchemy.exc import SQLAlchemyError

from console.access import can
from console.adminkit import formatters
from console.adminkit.base import PanelGate, run_in_core
from console.adminkit.filters import FilterConverter
from console.auth import current_user
from core.actors import Actor
from core.errors import Forbidden
from core.models.users import Role
from core.privacy import record_read

# Flask-Admin method name -> the operation whose permission it needs (see write_permissions). Inline
# list edits ignore can_edit in Flask-Admin 2.2.1 (reference §2), exports hold every row in memory,
# and no form uses ajax lookups: operations no view declares today, so refused for everyone.
_OPERATION = {"create_view": "create", "edit_view": "edit", "delete_view": "delete", "action_view": "delete",
              "ajax_update": "inline_edit", "ajax_lookup": "lookup", "export": "export"}


class PanelView(PanelGate, ModelView):
    write_permissions: dict[str, str] = {}  # "create" / "edit" / "delete" -> permission
    form_base_class = SecureForm
    can_create = can_edit = can_delete = can_export = False
    can_view_details = True
    action_disallowed_list = ["delete"]  # bulk delete would bypass the services
    page_size = 50
    column_type_formatters = formatters.LIST
    column_type_formatters_detail = formatters.DETAIL
    column_type_formatters_export = formatters.EXPORT
    filter_converter = FilterConverter()
    list_template = "panel/list.html"
    details_template = "panel/details.html"
    audited_read: str | None = None  # e.g. "patient details": opening the details page is audited

    def _handle_view(self, name, **kwargs):
        refused = super()._handle_view(name, **kwargs)
        if refused is not None:
            return refused
        operation = _OPERATION.get(name)
        if operation is not None and not self.may(operation):
            abort(403)
        return None

    def get_one(self, id):
        """The row, or 404 (a missing id, a malformed one, or one the user may not see)."""
        try:
            row = super().get_one(id)
        except SQLAlchemyError:  # e.g. ?id=abc on an integer key
            self.session.rollback()
            abort(404)
        if row is None:
            abort(404)
        return row

    def render(self, template, **kwargs):
        if template == self.details_template and "model" in kwargs:
            kwargs.update(self.details_context(kwargs["model"]))
            if self.audited_read:
                self.audit_read(kwargs["model"])
        return super().render(template, **kwargs)

    def details_context(self, model) -> dict:
        """Extra values for the details template (read with Flask-Admin's session, before the audit)."""
        return {}

    def audit_read(self, model) -> None:
        """Record who read this row's personal details (core.privacy.record_read), in its own unit of work."""
        entity_type, pk = self.model.__tablename__.removesuffix("s"), self.get_pk_value(model)
        end_read(self.session)
        self.through_core(lambda session, actor: record_read(session, actor=actor, entity_type=entity_type,
                                                             entity_id=pk, what=self.audited_read))

    def may(self, operation: str) -> bool:
        needed = self.write_permissions.get(operation)
        return needed is not None and can(needed)

    # --- every write goes through core ---------------------------------------------------------
    def create_model(self, form):
        return self.through_core(lambda session, actor: self.create(session, actor, form))

    def update_model(self, form, model):
        pk = self.get_pk_value(model)
        return bool(self.through_core(lambda session, actor: self.edit(session, actor, pk, form)))

    def delete_model(self, model):
        pk = self.get_pk_value(model)
        return bool(self.through_core(lambda session, actor: self.delete(session, actor, pk)))

    def create(self, session, actor: Actor, form):
        raise Forbidden("This list cannot be added to here.")

    def edit(self, session, actor: Actor, pk, form):
        raise Forbidden("This record cannot be edited here.")

    def delete(self, session, actor: Actor, pk):
        raise Forbidden("This record cannot be deleted here.")

    def through_core(self, work: Callable):
        """Run `work(session, actor)` in a unit of work and commit; a domain error is flashed, not a 500."""
        # End Flask-Admin's own read transaction first: it never writes, and on SQLite an open read would
        # block the unit of work's writer lock.
        self.session.rollback()
        return run_in_core(work) or False

    # --- lists: no full COUNT unless the list is narrowed ---------------------------------------
    def get_count_query(self):
        # Counting a 300k-row table costs more than the page itself; Flask-Admin skips the count (and shows
        # prev/next) when this returns None. A search or a filter narrows the list, so it is counted.
        from flask import request
        narrowed = request.args.get("search") or any(k.startswith("flt") for k in request.args)
        return super().get_count_query() if narrowed else None


class CenterScopedView(PanelView):
    """Partner staff reach only their own center's rows, on every path (list, count, detail, edit, actions);
    another center's id answers exactly like a missing one: 404."""

    center_column = "center_id"

    def own_center(self) -> int | None:
        user = current_user()
        return user.center_id if user is not None and user.role is Role.PARTNER_STAFF else None

    def _scope(self, query):
        center_id = self.own_center()
        if center_id is None:
            return query
        return query.filter(getattr(self.model, self.center_column) == center_id)

    def get_query(self):
        return self._scope(super().get_query())

    def get_count_query(self):
        query = super().get_count_query()
        return None if query is None else self._scope(query)

    def get_one(self, id):
        row = super().get_one(id)
        center_id = self.own_center()
        if center_id is not None and getattr(row, self.center_column) != center_id:
            abort(404)
        return row


def end_read(session) -> None:
    """End Flask-Admin's read-only transaction while keeping the rows it loaded (expire_on_commit is off).

    Needed before a unit of work opens in the same request: on SQLite every transaction takes the writer
    lock. Flask-Admin's session never holds changes (writes go through core); the check below keeps it so.
    """
    if session.new or session.dirty or session.deleted:
        raise RuntimeError("Flask-Admin's session must not write; writes go through core services")
    session.commit()
