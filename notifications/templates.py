"""Approved WhatsApp templates: our template names mapped to the provider's ids and variable order.

Code sends templates by name with named variables ("booking_confirmed", {"ref": ..., "when": ...});
WhatsApp templates are approved with numbered placeholders ({{1}}, {{2}}) and, at Twilio, are
addressed by Content SID. The mapping is configuration, one entry per template:

    MEDEZY_TWILIO_CONTENT_SIDS="booking_confirmed=HX1234...:ref,when,center,address;report_ready=HX5678...:ref,link"
"""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import ValidationError
from core.messaging import MessagingError


@dataclass(frozen=True)
class ApprovedTemplate:
    content_sid: str
    variables: tuple[str, ...]  # our variable names, in the order of the numbered placeholders

    def numbered(self, values: dict[str, str]) -> dict[str, str]:
        missing = [name for name in self.variables if name not in values]
        if missing:
            raise MessagingError(f"template variables missing: {', '.join(missing)}")
        return {str(i): str(values[name]) for i, name in enumerate(self.variables, start=1)}


def parse(config: str) -> dict[str, ApprovedTemplate]:
    """Read the mapping; a malformed entry is a configuration error with the entry named."""
    templates = {}
    for entry in filter(None, (part.strip() for part in config.split(";"))):
        name, _, rest = entry.partition("=")
        sid, _, names = rest.partition(":")
        if not name.strip() or not sid.strip().startswith("HX"):
            raise ValidationError(f"template mapping {entry!r} must look like name=HX...:var1,var2")
        templates[name.strip()] = ApprovedTemplate(sid.strip(), tuple(v.strip() for v in names.split(",") if v.strip()))
    return templates


def resolve(templates: dict[str, ApprovedTemplate], name: str, values: dict[str, str]) -> tuple[str, dict[str, str]]:
    """(Content SID, numbered variables) for a template name; a raw HX... SID passes through as is."""
    if name.startswith("HX"):
        return name, values
    template = templates.get(name)
    if template is None:
        raise MessagingError(f"WhatsApp template {name!r} has no approved Content SID configured "
                             "(MEDEZY_TWILIO_CONTENT_SIDS)")
    return template.content_sid, template.numbered(values)
