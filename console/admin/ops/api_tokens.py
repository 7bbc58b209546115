"""API tokens for POST /api/v1/slots/import: issue one for a center's system or a staff user (the secret is
shown once, on the page answering the form), list them, revoke one."""
from __future__ import annotations

from flask import redirect
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from console.adminkit.pages import ButtonForm, PanelPage
from core import api_tokens, staff
from core.models.centers import Center
from core.models.users import User


def _id_or_none(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


class TokenForm(FlaskForm):
    name = StringField("What will use it (e.g. Lotus RIS)", validators=[DataRequired(), Length(max=80)])
    center_id = SelectField("For a center's system", coerce=_id_or_none, validate_choice=False)
    user_id = SelectField("Or for a staff user's scripts", coerce=_id_or_none, validate_choice=False)


def _owners(session) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    centers = session.execute(select(Center.id, Center.name, Center.code).order_by(Center.name)).all()
    people = session.execute(select(User.id, User.name, User.role).where(User.role.in_(staff.STAFF_ROLES),
                                                                         User.is_active).order_by(User.name)).all()
    return ([("", "—")] + [(str(i), f"{name} ({code})") for i, name, code in centers],
            [("", "—")] + [(str(i), f"{name} · {role.value.replace('_', ' ')}") for i, name, role in people])


class ApiTokenPage(PanelPage):
    permission = "api_token.manage"

    def _page(self, form: TokenForm, issued: str | None = None):
        with self.reading() as (session, actor):
            form.center_id.choices, form.user_id.choices = _owners(session)
            tokens = api_tokens.get_all(session, actor=actor)
            names = dict(session.execute(select(Center.id, Center.name)).all())
            users = dict(session.execute(select(User.id, User.name).where(
                User.id.in_({t.user_id for t in tokens if t.user_id}))).all())
            return self.render("admin_panel/api_tokens.html", form=form, tokens=tokens, centers=names,
                               users=users, issued=issued, revoke=ButtonForm())

    @expose("/")
    def index(self):
        return self._page(TokenForm())

    @expose("/issue", methods=("POST",))
    def issue(self):
        form = TokenForm()
        self.checked(form)
        issued = self.through_core(lambda session, actor: api_tokens.create(
            session, actor=actor, name=form.name.data, center_id=form.center_id.data, user_id=form.user_id.data))
        # The secret is answered on this page only: never flashed (the session cookie) nor stored.
        return self._page(TokenForm(formdata=None), issued=issued[1] if issued else None)

    @expose("/<int:token_id>/revoke", methods=("POST",))
    def revoke(self, token_id: int):
        self.checked(ButtonForm())
        self.through_core(lambda session, actor: api_tokens.revoke(session, actor=actor, token_id=token_id),
                          done="Token revoked: it stops working at once.")
        return redirect(self.get_url(".index"))
