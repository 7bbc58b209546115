"""The audit log for super admins: filter by actor, entity, action and India dates; "verify chain" walks
the hash chain against its signed checkpoint and shows the result on the page."""
from __future__ import annotations

from flask import current_app, request
from flask_admin import expose
from sqlalchemy import select
from wtforms import DateField, Form, SelectField, StringField
from wtforms.validators import Length, Optional

from console.adminkit.pages import ButtonForm, PanelPage
from core import audit_log, staff
from core.models.users import User


def _user_id(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


class FilterForm(Form):
    """A GET form (it changes nothing, so it carries no CSRF token): the filters live in the URL."""
    actor_id = SelectField("Actor", coerce=_user_id, validate_choice=False)
    entity_type = StringField("Entity (e.g. booking, refund, center)", validators=[Optional(), Length(max=40)])
    entity_id = StringField("Entity id", validators=[Optional(), Length(max=40)])
    action = StringField("Action (e.g. refund.approved, or refund. for all)", validators=[Optional(), Length(max=60)])
    since = DateField("From (India date)", validators=[Optional()])
    until = DateField("To (India date)", validators=[Optional()])


class AuditLogPage(PanelPage):
    permission = "audit.view"

    @expose("/")
    def index(self):
        return self._page(report=None)

    @expose("/verify", methods=("POST",))
    def verify(self):
        self.checked(ButtonForm())
        storage = current_app.extensions["medezy"].adapters["storage"]
        with self.reading() as (session, actor):
            report = audit_log.verify_chain(session, storage, actor=actor)
        return self._page(report=report)

    def _page(self, report):
        form = FilterForm(request.args)
        with self.reading() as (session, actor):
            form.actor_id.choices = _actors(session)
            entries = self.through_read(lambda: audit_log.search(session, actor=actor, filters=_filters(form))
                                        ) if form.validate() else []
            names = dict(session.execute(select(User.id, User.name).where(
                User.id.in_({e.actor_id for e in entries if e.actor_id}))).all()) if entries else {}
            return self.render("admin_panel/audit_log.html", form=form, entries=entries, names=names,
                               report=report, verify_form=ButtonForm())


def _filters(form: FilterForm) -> audit_log.Filters:
    return audit_log.Filters(actor_id=form.actor_id.data, entity_type=form.entity_type.data or "",
                             entity_id=form.entity_id.data or "", action=form.action.data or "",
                             since=form.since.data, until=form.until.data)


def _actors(session) -> list[tuple[str, str]]:
    people = session.execute(select(User.id, User.name, User.role).where(User.role.in_(staff.STAFF_ROLES))
                             .order_by(User.name)).all()
    return [("", "Anyone")] + [(str(i), f"{name} · {role.value.replace('_', ' ')}") for i, name, role in people]
