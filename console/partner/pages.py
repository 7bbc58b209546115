"""The base of the partner panel's own pages (schedule, availability, money, support, profile): a
Flask-Admin BaseView gated by the panel's permission and its own, with a unit of work for reads and writes."""
from __future__ import annotations

from collections.abc import Callable

from flask import current_app, flash
from flask_admin import BaseView

from console.access import can, refuse
from console.auth import current_actor, current_user
from core.actors import Actor
from core.errors import DomainError
from core.models import Center


class PartnerPage(BaseView):
    permission: str = ""

    def is_accessible(self) -> bool:
        return can("panel.partner") and can(self.permission)

    def is_visible(self) -> bool:
        return self.is_accessible()

    def inaccessible_callback(self, name, **kwargs):
        return refuse(self.permission)

    @staticmethod
    def center_id() -> int:
        return current_user().center_id

    def center(self, session) -> Center | None:
        """The signed-in user's center (None for a super admin looking in, who belongs to none)."""
        center_id = self.center_id()
        return session.get(Center, center_id) if center_id is not None else None

    @staticmethod
    def actor() -> Actor:
        return current_actor()

    @staticmethod
    def uow():
        return current_app.extensions["medezy"].uow()

    def write(self, work: Callable, done: str | None = None):
        """Run `work(session, actor)` through core in a unit of work; a domain error is flashed, not raised."""
        try:
            with self.uow() as uow:
                result = work(uow.session, self.actor())
                uow.commit()
        except DomainError as error:
            flash(str(error), "error")
            return None
        if done:
            flash(done, "success")
        return result if result is not None else True
