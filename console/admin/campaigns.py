"""Marketing's campaign screens: create a WhatsApp template broadcast to an audience (city, scan, last booking,
language), see how many opted-in patients it reaches, send it (queued in the background), follow delivery."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_admin import expose
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from console.admin.pages import AdminPage
from core.clock import now_utc
from core.marketing import campaigns, launching
from core.models import City, Service
from core.models.campaigns import Campaign

LISTED = 50
LANGUAGE_CHOICES = [("", "Any language"), ("en", "English"), ("hi", "Hindi"), ("hinglish", "Hinglish")]


def _optional_id(value) -> int | None:
    return None if value in (None, "", "None") else int(value)


class CampaignForm(FlaskForm):
    name = StringField("Name (for us)", validators=[DataRequired(), Length(max=120)])
    template = StringField("Approved WhatsApp template name", validators=[DataRequired(), Length(max=60)])
    body = TextAreaField("The template's text as patients read it", validators=[DataRequired(), Length(max=1000)])
    body_hi = TextAreaField("The same template approved in Hindi: its text (optional)",
                            validators=[Optional(), Length(max=1000)])
    body_hinglish = TextAreaField("The same template approved in Hinglish: its text (optional)",
                                  validators=[Optional(), Length(max=1000)])
    city_id = SelectField("Patients who booked in", coerce=_optional_id)
    service_id = SelectField("Patients who booked the scan", coerce=_optional_id)
    booked_within_days = IntegerField("Who booked within the last (days)",
                                      validators=[Optional(), NumberRange(min=1, max=3650)])
    language = SelectField("Language", choices=LANGUAGE_CHOICES)


class SendForm(FlaskForm):
    """Only its CSRF token: sending changes the campaign."""


class CampaignsView(AdminPage):
    permission = "campaign.send"

    @expose("/")
    def index(self):
        rows = self.session.scalars(select(Campaign).order_by(Campaign.id.desc()).limit(LISTED)).all()
        return self.render("admin_panel/insight/campaigns.html", campaigns=rows)

    @expose("/new", methods=("GET", "POST"))
    def new(self):
        form = self._with_places(CampaignForm())
        if not form.validate_on_submit():
            status = 400 if form.is_submitted() else 200
            return self.render("admin_panel/insight/campaign_new.html", form=form), status
        made = self.through_core(lambda session, actor: campaigns.create(
            session, actor=actor, name=form.name.data, template=form.template.data, body=form.body.data,
            city_id=form.city_id.data, service_id=form.service_id.data, language=form.language.data or None,
            booked_within_days=form.booked_within_days.data,
            translations={"hi": form.body_hi.data, "hinglish": form.body_hinglish.data}))
        flash(f"Campaign {made.name!r} saved as a draft. Check its audience, then send it.", "success")
        return redirect(url_for(".detail", campaign_id=made.id))

    @expose("/<int:campaign_id>")
    def detail(self, campaign_id: int):
        campaign = self.session.get(Campaign, campaign_id) or abort(404)
        return self.render("admin_panel/insight/campaign.html", campaign=campaign, send_form=SendForm(),
                           preview=campaigns.preview(self.session, campaign=campaign, now=now_utc()),
                           progress=campaigns.progress(self.session, campaign_id=campaign.id),
                           city=campaign.city_id and self.session.get(City, campaign.city_id),
                           service=campaign.service_id and self.session.get(Service, campaign.service_id))

    @expose("/<int:campaign_id>/send", methods=("POST",))
    def send(self, campaign_id: int):
        if not SendForm().validate_on_submit():
            abort(400, "The form expired; reload the page and try again.")
        campaign = self.through_core(lambda session, actor: launching.request_launch(
            session, actor=actor, campaign_id=campaign_id))
        flash(f"Sending {campaign.name!r}: messages are being queued in the background.", "success")
        return redirect(url_for(".detail", campaign_id=campaign_id))

    def _with_places(self, form: CampaignForm) -> CampaignForm:
        form.city_id.choices = [("", "Any city")] + [
            (c.id, c.name) for c in self.session.scalars(select(City).order_by(City.name))]
        form.service_id.choices = [("", "Any scan")] + [
            (s.id, s.name) for s in self.session.scalars(select(Service).order_by(Service.name))]
        return form
