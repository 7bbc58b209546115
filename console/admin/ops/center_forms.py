"""The center onboarding forms and their translation into core.center_onboarding's fields. People type
hours as "09:00-20:00" and machines as "MRI: Siemens 1.5T" lines; core checks the values themselves."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, FloatField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from core.center_documents import KINDS
from core.center_fields import DAYS
from core.errors import ValidationError
from core.models.centers import Tier
from core.models.services import Modality

DAY_NAMES = dict(zip(DAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")))
_HOURS = re.compile(r"^\s*(\d{1,2}:\d{2})\s*[-–to]+\s*(\d{1,2}:\d{2})\s*$")
_RUPEES = re.compile(r"^\d{1,7}$")
_MODALITIES = {m.value.lower(): m.value for m in Modality}  # "mri" typed is MRI


class ProfileForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=160)])
    area = StringField("Area (locality)", validators=[DataRequired(), Length(max=80)])
    address = StringField("Address", validators=[DataRequired(), Length(max=300)])
    pincode = StringField("Pincode", validators=[DataRequired(), Length(max=6)])
    latitude = FloatField("Latitude", validators=[InputRequired()])
    longitude = FloatField("Longitude", validators=[InputRequired()])
    phone = StringField("Phone", validators=[DataRequired(), Length(max=20)])
    email = StringField("Email", validators=[DataRequired(), Length(max=254)])
    gstin = StringField("GSTIN (optional)", validators=[Optional(), Length(max=15)])
    machines = TextAreaField("Machines, one a line (e.g. MRI: Siemens 1.5T)", validators=[Length(max=4000)])


for _day, _name in DAY_NAMES.items():  # one field a day; blank means closed
    setattr(ProfileForm, f"hours_{_day}", StringField(f"{_name} hours (e.g. 08:00-20:00; blank: closed)",
                                                      validators=[Length(max=20)]))


class NewCenterForm(ProfileForm):
    code = StringField("Code (e.g. PUNE-LOTUS-1)", validators=[DataRequired(), Length(max=20)])
    city_id = SelectField("City", coerce=int)


class DocumentForm(FlaskForm):
    kind = SelectField("Document", choices=list(KINDS.items()))
    file = FileField("File (PDF, JPEG or PNG)", validators=[FileRequired("Choose the document's file.")])
    expires_on = DateField("Valid until", validators=[DataRequired()])


class ReasonForm(FlaskForm):
    reason = StringField("Reason", validators=[Length(max=500)])


class TierForm(FlaskForm):
    tier = SelectField("Subscription tier", choices=[(t.value, t.value.capitalize()) for t in Tier])


class InviteForm(FlaskForm):
    name = StringField("Partner's name", validators=[DataRequired(), Length(max=120)])
    phone = StringField("Mobile number", validators=[DataRequired(), Length(max=20)])


def profile_of(form: ProfileForm) -> dict:
    """The profile fields core.center_onboarding takes, from the form (ValidationError on a bad line)."""
    fields = {name: getattr(form, name).data for name in ("name", "area", "address", "pincode", "latitude",
                                                          "longitude", "phone", "email", "gstin")}
    fields["working_hours"] = {day: _hours(day, getattr(form, f"hours_{day}").data) for day in DAYS}
    fields["machines"] = [_machine(line) for line in (form.machines.data or "").splitlines() if line.strip()]
    return fields


def fill(form: ProfileForm, center) -> None:
    """Put a center's stored profile into the form (hours and machines back in their typed shape)."""
    for name in ("name", "area", "address", "pincode", "latitude", "longitude", "phone", "email", "gstin"):
        getattr(form, name).data = getattr(center, name)
    for day in DAYS:
        hours = (center.working_hours or {}).get(day)
        getattr(form, f"hours_{day}").data = f"{hours[0]}-{hours[1]}" if hours else ""
    form.machines.data = "\n".join(f"{m['modality']}: {m['name']}" for m in center.machines or [])


def prices_of(form_data, service_ids) -> dict[int, int]:
    """{service id: price in paise} from the "price-<id>" inputs typed in whole rupees (blank: not offered)."""
    prices = {}
    for service_id in service_ids:
        typed = (form_data.get(f"price-{service_id}") or "").replace(",", "").strip()
        if not typed:
            continue
        if not _RUPEES.match(typed):
            raise ValidationError(f"Type prices in whole rupees, e.g. 5500 (found {typed!r}).")
        prices[service_id] = int(typed) * 100
    return prices


def _hours(day: str, typed: str | None) -> list[str] | None:
    if not (typed or "").strip():
        return None
    found = _HOURS.match(typed)
    if not found:
        raise ValidationError(f"{DAY_NAMES[day]} hours: type them like 08:00-20:00, or leave blank for closed.")
    return [part.zfill(5) for part in found.groups()]


def _machine(line: str) -> dict:
    modality, _, name = line.partition(":")
    return {"modality": _MODALITIES.get(modality.strip().lower(), modality.strip()), "name": name.strip()}
