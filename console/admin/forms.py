"""The admin panel's edit forms. Choices are (value, label) and coerce to the enum member, because our
enums are stored by value (Flask-Admin's own enum fields coerce by name; reference §5)."""
from __future__ import annotations

from flask_admin.form import SecureForm
from wtforms import SelectField, StringField
from wtforms.validators import Length

from console.display import label
from core.models.centers import Tier, VerificationStatus


def _choices(enum_class) -> list[tuple[str, str]]:
    return [(member.value, label(member)) for member in enum_class]


class CenterForm(SecureForm):
    tier = SelectField("Subscription tier", choices=_choices(Tier), coerce=Tier)
    verification_status = SelectField("Verification", choices=_choices(VerificationStatus),
                                      coerce=VerificationStatus)
    reason = StringField("Reason for a verification change (which documents were checked)",
                         validators=[Length(max=500)])
