"""What every panel view shares, model views (adminkit.views) and custom pages (adminkit.pages) alike:
the permission gate, and running a write through core in one unit of work."""
from __future__ import annotations

from collections.abc import Callable

from flask import abort, current_app, flash

from console.access import can, refuse
from console.auth import current_actor
from core.errors import DomainError


class PanelGate:
    """Opens only for users holding both the panel's permission and the view's own (core.permissions)."""

    permission: str = ""  # to open the view
    panel_permission: str = ""  # set by Panel.add: the panel's own permission

    def is_accessible(self) -> bool:
        return can(self.panel_permission) and can(self.permission)

    def is_visible(self) -> bool:
        return self.is_accessible()

    def inaccessible_callback(self, name, **kwargs):
        return refuse(self.permission)

    @staticmethod
    def need(permission: str) -> None:
        """A write needing more than the page's own permission (403 otherwise)."""
        if not can(permission):
            abort(403)


def run_in_core(work: Callable):
    """Run `work(session, actor)` in a unit of work and commit; a domain error is flashed (None), not a 500."""
    try:
        with current_app.extensions["medezy"].uow() as uow:
            result = work(uow.session, current_actor())
            uow.commit()
    except DomainError as error:
        flash(str(error), "error")
        return None
    return result if result is not None else True
