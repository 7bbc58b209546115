"""Base views: role-gated, CSRF-protected, read-only unless a view opts in, partner-scoped."""
from __future__ import annotations

from flask import abort, redirect, request, url_for
from flask_admin import AdminIndexView, expose
from flask_admin.contrib.sqla import ModelView
from flask_admin.form import SecureForm

from console.auth import LogoutForm, current_user
from core.models.users import Role


class SecureModelView(ModelView):
    """Every console view: signed-in staff with an allowed role; nothing writable by default."""

    allowed_roles: frozenset[Role] = frozenset()
    form_base_class = SecureForm
    can_create = can_edit = can_delete = can_export = False
    can_view_details = True
    page_size = 50

    def is_accessible(self) -> bool:
        user = current_user()
        return user is not None and (user.role is Role.SUPER_ADMIN or user.role in self.allowed_roles)

    def is_visible(self) -> bool:
        return self.is_accessible()

    def inaccessible_callback(self, name, **kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.path))
        abort(403)


class CenterScopedView(SecureModelView):
    """Partner staff see only rows of their own center, on every path (list, count, detail, edit)."""

    center_column = "center_id"

    def _partner_center(self) -> int | None:
        user = current_user()
        return user.center_id if user is not None and user.role is Role.PARTNER_STAFF else None

    def _scope(self, query):
        center_id = self._partner_center()
        if center_id is None:
            return query
        return query.filter(getattr(self.model, self.center_column) == center_id)

    def get_query(self):
        return self._scope(super().get_query())

    def get_count_query(self):
        return self._scope(super().get_count_query())

    def get_one(self, id):
        # Another center's id reads exactly like a missing one.
        row = super().get_one(id)
        center_id = self._partner_center()
        if row is None or center_id is None or getattr(row, self.center_column) == center_id:
            return row
        return None


class HomeView(AdminIndexView):
    """The console landing page; anonymous visitors are sent to sign in."""

    @expose("/")
    def index(self):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.path))
        return self.render("console_home.html", user=current_user(), logout_form=LogoutForm())
