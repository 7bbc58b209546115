"""People and roles for super admins: invite staff (any staff role, partner staff with their center) and
patients by phone, change a staff member's role, deactivate (their sessions stop at their next request)
or reactivate anyone; and the permission matrix, generated from core.permissions."""
from __future__ import annotations

from flask import flash, redirect
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from console import display
from console.adminkit.pages import PanelPage
from core import patients, staff
from core.models.centers import Center
from core.models.users import Role
from core.permissions import MATRIX, allowed

ROLES = [(r.value, display.label(r)) for r in staff.STAFF_ROLES]


def _center_id(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


class StaffForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    phone = StringField("Mobile number (they sign in with a code sent to it)", validators=[DataRequired(), Length(max=20)])
    email = StringField("Email (optional)", validators=[Optional(), Length(max=254)])
    role = SelectField("Role", choices=ROLES)
    center_id = SelectField("Center (partner staff only)", coerce=_center_id, validate_choice=False)


class DetailsForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    phone = StringField("Mobile number (sign-in codes go here)", validators=[DataRequired(), Length(max=20)])
    email = StringField("Email (optional)", validators=[Optional(), Length(max=254)])


class PatientForm(FlaskForm):
    name = StringField("Patient's name", validators=[DataRequired(), Length(max=120)])
    phone = StringField("Patient's mobile number", validators=[DataRequired(), Length(max=20)])


class RoleForm(FlaskForm):
    role = SelectField("New role", choices=ROLES)
    center_id = SelectField("Center (partner staff only)", coerce=_center_id, validate_choice=False)
    reason = StringField("Reason (kept in the audit log)", validators=[DataRequired(), Length(max=300)])


class ActiveForm(FlaskForm):
    reason = StringField("Reason (kept in the audit log)", validators=[DataRequired(), Length(max=300)])


def _centers(session) -> list[tuple[str, str]]:
    rows = session.execute(select(Center.id, Center.name, Center.code).order_by(Center.name)).all()
    return [("", "—")] + [(str(i), f"{name} ({code})") for i, name, code in rows]


class PeoplePage(PanelPage):
    permission = "user.manage"

    @expose("/")
    def index(self):
        with self.reading() as (session, _):
            staff_form, patient_form = StaffForm(prefix="staff"), PatientForm(prefix="patient")
            staff_form.center_id.choices = _centers(session)
            return self.render("admin_panel/people.html", staff_form=staff_form, patient_form=patient_form)

    @expose("/staff", methods=("POST",))
    def invite_staff(self):
        form = StaffForm(prefix="staff")
        self.checked(form)
        user = self.through_core(lambda s, actor: staff.create(
            s, actor=actor, name=form.name.data, role=form.role.data, phone=form.phone.data, email=form.email.data,
            center_id=form.center_id.data), done="Invited: they sign in with a code sent to their phone.")
        return redirect(self.get_url(".person", user_id=user.id) if user else self.get_url(".index"))

    @expose("/patients", methods=("POST",))
    def invite_patient(self):
        form = PatientForm(prefix="patient")
        self.checked(form)
        user = self.through_core(lambda s, actor: patients.invite(s, actor=actor, name=form.name.data,
                                                                  phone=form.phone.data),
                                 done="Patient added: they sign in with a code sent to their phone.")
        return redirect(self.get_url(".person", user_id=user.id) if user else self.get_url(".index"))

    @expose("/<int:user_id>")
    def person(self, user_id: int):
        with self.reading() as (session, _):
            user = staff.get_or_raise(session, user_id=user_id)
            role_form = RoleForm(prefix="role", formdata=None, role=user.role.value)
            role_form.center_id.choices = _centers(session)
            details_form = DetailsForm(prefix="details", formdata=None, obj=user)
            return self.render("admin_panel/person.html", user=user, role_form=role_form, details_form=details_form,
                               is_staff=user.role in staff.STAFF_ROLES, active_form=ActiveForm(prefix="active"),
                               center=session.get(Center, user.center_id) if user.center_id else None)

    @expose("/<int:user_id>/details", methods=("POST",))
    def edit_details(self, user_id: int):
        form = DetailsForm(prefix="details")
        self.checked(form)
        self.through_core(lambda s, actor: staff.update(s, actor=actor, user_id=user_id, name=form.name.data,
                                                        phone=form.phone.data, email=form.email.data),
                          done="Details saved.")
        return redirect(self.get_url(".person", user_id=user_id))

    @expose("/<int:user_id>/role", methods=("POST",))
    def change_role(self, user_id: int):
        form = RoleForm(prefix="role")
        self.checked(form)
        self.through_core(lambda s, actor: staff.change_role(s, actor=actor, user_id=user_id, role=form.role.data,
                                                             center_id=form.center_id.data, reason=form.reason.data),
                          done="Role changed.")
        return redirect(self.get_url(".person", user_id=user_id))

    @expose("/<int:user_id>/active", methods=("POST",))
    def set_active(self, user_id: int):
        form = ActiveForm(prefix="active")
        self.checked(form)

        def work(session, actor):
            user = staff.get_or_raise(session, user_id=user_id)
            change = staff.deactivate if user.is_active else staff.reactivate
            return change(session, actor=actor, user_id=user_id, reason=form.reason.data)
        user = self.through_core(work)
        if user:
            flash("Reactivated: they can sign in again." if user.is_active else
                  "Deactivated: every session of theirs ends at its next request.", "success")
        return redirect(self.get_url(".person", user_id=user_id))


class PermissionMatrixPage(PanelPage):
    permission = "user.manage"

    @expose("/")
    def index(self):
        roles = [r for r in Role if r is not Role.SYSTEM]
        rows = [(permission, [allowed(role, permission) for role in roles]) for permission in sorted(MATRIX)]
        return self.render("admin_panel/permissions.html", roles=roles, rows=rows)
