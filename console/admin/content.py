"""Marketing's CMS in the admin panel: banners, FAQs, landing pages and blog posts. Every save goes through
core.content.entries (sanitized, audited); publishing now, scheduling and archiving are part of the form."""
from __future__ import annotations

from datetime import datetime

from flask_admin.form import SecureForm
from sqlalchemy import select
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from console.adminkit.views import PanelView
from core.clock import IST, now_utc
from core.content import entries
from core.content.entries import LANGUAGES, Draft
from core.models import City, Service
from core.models.content import ContentKind

PUBLISHING = [("keep", "Keep as it is"), ("now", "Publish now"), ("schedule", "Schedule for the time below"),
              ("archive", "Take off the site")]


def _optional_id(value) -> int | None:
    """A select box's value as an id; the empty choice (and an empty model field) is None."""
    return None if value in (None, "", "None") else int(value)


class ContentForm(SecureForm):
    kind = SelectField("Kind", choices=[(k.value, k.value.capitalize()) for k in ContentKind], coerce=ContentKind)
    slug = StringField("Address (slug)", validators=[DataRequired(), Length(max=120)],
                       description="lower-case words joined by hyphens, e.g. mri-knee-pune")
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    summary = StringField("Summary", validators=[Optional(), Length(max=400)])
    body_html = TextAreaField("Text (basic HTML: paragraphs, lists, links, headings)", validators=[Optional()])
    keywords = StringField("FAQ keywords the bot matches (space separated)", validators=[Optional(), Length(max=400)])
    link_url = StringField("Banner link (/page or https://...)", validators=[Optional(), Length(max=300)])
    language = SelectField("Language", choices=[(code, code) for code in LANGUAGES])
    # Choices are filled per request from the catalogue (ContentView._with_places); "" means none.
    city_id = SelectField("City (landing pages)", coerce=_optional_id)
    service_id = SelectField("Scan (landing pages)", coerce=_optional_id)
    position = IntegerField("Order", default=0, validators=[Optional(), NumberRange(min=0, max=10_000)])
    seo_title = StringField("SEO title", validators=[Optional(), Length(max=70)])
    seo_description = StringField("SEO description", validators=[Optional(), Length(max=160)])
    publishing = SelectField("Publishing", choices=PUBLISHING, default="keep")
    publish_at = DateTimeLocalField("Go live at (IST)", format="%Y-%m-%dT%H:%M", validators=[Optional()])


class ContentView(PanelView):
    permission = "content.edit"
    write_permissions = {"create": "content.edit", "edit": "content.edit"}
    can_create = can_edit = True
    form = ContentForm
    column_list = ["kind", "title", "slug", "language", "status", "publish_at", "updated_at"]
    column_labels = {"publish_at": "Goes live", "updated_at": "Changed"}
    column_searchable_list = ["title", "slug"]
    column_filters = ["kind", "status", "language"]
    column_default_sort = ("updated_at", True)

    def create_form(self, obj=None):
        return self._with_places(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._with_places(super().edit_form(obj))

    def _with_places(self, form):
        """City and scan by name, not by id: the catalogue's cities and scans as select boxes."""
        form.city_id.choices = [("", "None")] + [(c.id, c.name) for c in self.session.scalars(
            select(City).order_by(City.name))]
        form.service_id.choices = [("", "None")] + [(s.id, s.name) for s in self.session.scalars(
            select(Service).order_by(Service.name))]
        return form

    def create(self, session, actor, form):
        entry = entries.create(session, actor=actor, draft=_draft(form))
        return self._publishing(session, actor, entry.id, form) or entry

    def edit(self, session, actor, pk, form):
        entry = entries.update(session, actor=actor, entry_id=int(pk), draft=_draft(form))
        return self._publishing(session, actor, entry.id, form) or entry

    def _publishing(self, session, actor, entry_id: int, form):
        choice, now = form.publishing.data, now_utc()
        if choice == "now":
            return entries.publish(session, actor=actor, entry_id=entry_id, now=now)
        if choice == "schedule":
            return entries.publish(session, actor=actor, entry_id=entry_id, now=now, at=_ist(form.publish_at.data))
        if choice == "archive":
            return entries.archive(session, actor=actor, entry_id=entry_id)
        return None


def _draft(form) -> Draft:
    return Draft(kind=form.kind.data, slug=form.slug.data or "", title=form.title.data or "",
                 body_html=form.body_html.data or "", summary=form.summary.data or "",
                 keywords=form.keywords.data or "", link_url=form.link_url.data or "", language=form.language.data,
                 city_id=form.city_id.data, service_id=form.service_id.data, position=form.position.data or 0,
                 seo_title=form.seo_title.data or "", seo_description=form.seo_description.data or "")


def _ist(local: datetime | None) -> datetime | None:
    return local.replace(tzinfo=IST) if local else None
