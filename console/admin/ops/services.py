"""The catalogue's services in the admin panel: create and edit through core.service_catalogue (prices typed
in rupees, the template checked against every center's price), deactivate or offer again with a reason
(a service in use is never deleted), and per-city adjustments of the pricing template."""
from __future__ import annotations

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_admin.form import SecureForm
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from console.access import can
from console.adminkit.formatters import rupees
from console.adminkit.views import PanelView
from core import catalogue, service_catalogue
from core.models.services import Modality, ServiceCityAdjustment

RUPEE_FIELDS = {"min_price_rupees": "min_price_paise", "base_price_rupees": "base_price_paise",
                "max_price_rupees": "max_price_paise"}
PLAIN_FIELDS = ("name", "modality", "body_part", "duration_minutes", "report_turnaround_hours", "needs_contrast",
                "needs_fasting", "prep_instructions", "prep_instructions_hi")


def _rupees(label: str) -> IntegerField:
    return IntegerField(label, validators=[InputRequired(), NumberRange(min=1, max=10_000_000)])


class ServiceForm(SecureForm):
    code = StringField("Code (new services only, e.g. MRI-KNEE)", validators=[Optional(), Length(max=40)])
    name = StringField("Name", validators=[DataRequired(), Length(max=120)])
    modality = SelectField("Modality", choices=[(m.value, m.value) for m in Modality])
    body_part = StringField("Body part", validators=[DataRequired(), Length(max=60)])
    duration_minutes = IntegerField("Minutes on the machine", default=30, validators=[NumberRange(min=5, max=480)])
    report_turnaround_hours = IntegerField("Report within (hours)", default=24, validators=[NumberRange(min=1, max=720)])
    needs_contrast = BooleanField("Needs contrast")
    needs_fasting = BooleanField("Needs fasting")
    min_price_rupees = _rupees("Minimum price (₹)")
    base_price_rupees = _rupees("Base price (₹)")
    max_price_rupees = _rupees("Maximum price (₹)")
    prep_instructions = TextAreaField("Preparation (English)", validators=[Length(max=4000)])
    prep_instructions_hi = TextAreaField("Preparation (Hindi, हिन्दी)", validators=[Length(max=4000)])


class ReasonForm(FlaskForm):
    reason = StringField("Reason", validators=[DataRequired(), Length(max=500)])


class AdjustmentForm(FlaskForm):
    city_id = SelectField("City", coerce=int)
    percent = StringField("Adjustment in % (e.g. 10 or -5; blank removes it)", validators=[Length(max=8)])


def fields_of(form: ServiceForm) -> dict:
    fields = {name: getattr(form, name).data for name in PLAIN_FIELDS}
    fields.update({paise: getattr(form, typed).data * 100 for typed, paise in RUPEE_FIELDS.items()})
    return fields


def _bps(typed: str) -> int | None:
    text = (typed or "").strip().rstrip("%")
    if not text:
        return None
    try:
        return round(float(text) * 100)
    except ValueError:
        abort(400, "Type the adjustment as a percentage, e.g. 10 or -5.")


class ServiceView(PanelView):
    permission = "catalogue.view"
    write_permissions = {"create": "catalogue.edit", "edit": "catalogue.edit"}
    can_create = can_edit = True
    form = ServiceForm
    details_template = "admin_panel/service_details.html"
    column_list = ["code", "name", "modality", "body_part", "base_price_paise", "duration_minutes", "is_active"]
    column_labels = {"base_price_paise": "Base price", "duration_minutes": "Minutes", "is_active": "Offered"}
    column_formatters = {"base_price_paise": rupees, "min_price_paise": rupees, "max_price_paise": rupees}
    column_searchable_list = ["name", "code"]
    column_filters = ["modality", "is_active"]

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None and request.method == "GET":  # stored paise shown as the rupees people type
            for typed, paise in RUPEE_FIELDS.items():
                getattr(form, typed).data = getattr(obj, paise) // 100
        return form

    def create(self, session, actor, form):
        return service_catalogue.create(session, actor=actor, code=form.code.data or "", **fields_of(form))

    def edit(self, session, actor, pk, form):
        return service_catalogue.update(session, actor=actor, service_id=int(pk), **fields_of(form))

    def details_context(self, service) -> dict:
        adjustments = self.session.query(ServiceCityAdjustment).filter_by(service_id=service.id).all()
        cities = {c.id: c.name for c in catalogue.list_cities(self.session)}
        form = AdjustmentForm(formdata=None)
        form.city_id.choices = list(cities.items())
        return {"service": service, "editable": can("catalogue.edit"), "cities": cities,
                "adjustments": adjustments, "adjustment_form": form, "reason_form": ReasonForm(formdata=None)}

    @expose("/availability/", methods=("POST",))
    def availability_view(self):
        """Deactivate an offered service, or offer a deactivated one again (reason required, audited)."""
        service = self._writable_service()
        form = ReasonForm()
        if not form.validate_on_submit():
            abort(400, "Give a reason.")
        change = service_catalogue.reactivate if not service.is_active else service_catalogue.deactivate
        pk, reason = service.id, form.reason.data
        if self.through_core(lambda session, actor: change(session, actor=actor, service_id=pk, reason=reason)):
            flash("Service offered again." if change is service_catalogue.reactivate else
                  "Service deactivated: the bot, pages and search no longer show it; its history stays.", "success")
        return redirect(self.get_url(".details_view", id=pk))

    @expose("/city-adjustment/", methods=("POST",))
    def city_adjustment_view(self):
        service = self._writable_service()
        form = AdjustmentForm()
        form.city_id.choices = [(c.id, c.name) for c in catalogue.list_cities(self.session)]
        if not form.validate_on_submit():
            abort(400, "Choose a city.")
        pk, city_id, bps = service.id, form.city_id.data, _bps(form.percent.data)
        if self.through_core(lambda session, actor: service_catalogue.set_city_adjustment(
                session, actor=actor, service_id=pk, city_id=city_id, adjustment_bps=bps)):
            flash("City adjustment saved.", "success")
        return redirect(self.get_url(".details_view", id=pk))

    def _writable_service(self):
        if not can("catalogue.edit"):
            abort(403)
        return self.get_one(request.args.get("id", ""))
