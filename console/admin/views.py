"""The console's data views. Later panels (finance, CMS, analytics) add their own modules."""
from __future__ import annotations

from markupsafe import Markup

from console.admin.base import CenterScopedView, SecureModelView
from console.auth import current_user
from core.catalogue import rupees
from core.clock import show
from core.models.users import Role
from core.privacy import mask_phone

R = Role
OPS = frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT})


def _when(view, context, model, name):
    value = getattr(model, name)
    return show(value) if value else ""


def _rupees(view, context, model, name):
    return rupees(getattr(model, name))


def _patient_phone(view, context, model, name):
    phone = model.user.phone if model.user else ""
    user = current_user()
    return mask_phone(phone) if user is None or user.role is R.PARTNER_STAFF else phone


def _status(view, context, model, name):
    return Markup(f'<span title="{model.status.value}">{model.status.patient_label} ({model.status.value})</span>')


class BookingView(CenterScopedView):
    allowed_roles = OPS | {R.PARTNER_STAFF, R.FINANCE}
    column_list = ["reference", "status", "center", "service", "slot.starts_at", "patient_name", "phone",
                   "price_paise", "created_at"]
    column_labels = {"slot.starts_at": "Scan time", "price_paise": "Price", "phone": "Patient phone"}
    column_searchable_list = ["reference", "patient_name"]
    column_filters = ["status", "source"]
    column_default_sort = ("created_at", True)
    column_formatters = {"slot.starts_at": lambda v, c, m, n: show(m.slot.starts_at), "created_at": _when,
                         "phone": _patient_phone, "status": _status, "price_paise": _rupees}
    column_details_list = ["reference", "status", "center", "service", "patient_name", "patient_age",
                           "patient_sex", "price_paise", "hold_expires_at", "paid_at", "confirmed_at",
                           "completed_at", "cancelled_by", "cancel_reason", "history"]


class SlotView(CenterScopedView):
    allowed_roles = OPS | {R.PARTNER_STAFF}
    column_list = ["center", "service", "starts_at", "capacity", "claimed", "is_blocked"]
    column_filters = ["is_blocked", "capacity"]
    column_default_sort = "starts_at"
    column_formatters = {"starts_at": _when}


class CenterView(SecureModelView):
    allowed_roles = frozenset({R.OPS_MANAGER, R.FINANCE})
    column_list = ["name", "city", "area", "tier", "verification_status", "phone"]
    column_searchable_list = ["name", "area"]
    column_filters = ["tier", "verification_status"]


class ServiceView(SecureModelView):
    allowed_roles = frozenset({R.OPS_MANAGER, R.MARKETING, R.SUPPORT_AGENT})
    column_list = ["code", "name", "modality", "body_part", "base_price_paise", "duration_minutes", "is_active"]
    column_labels = {"base_price_paise": "Base price"}
    column_formatters = {"base_price_paise": _rupees}
    column_searchable_list = ["name", "code"]


class CityView(SecureModelView):
    allowed_roles = frozenset({R.OPS_MANAGER, R.MARKETING})
    column_list = ["name", "state", "state_code", "is_active"]


class UserView(SecureModelView):
    allowed_roles = frozenset()  # super admin only
    column_list = ["name", "email", "phone", "role", "center_id", "is_active", "created_at"]
    column_exclude_list = column_details_exclude_list = ["password_hash"]
    column_searchable_list = ["name", "email", "phone"]
    column_filters = ["role", "is_active"]
    column_formatters = {"created_at": _when}


class AuditView(SecureModelView):
    allowed_roles = frozenset()  # super admin only
    column_list = ["seq", "at", "actor_role", "actor_id", "action", "entity_type", "entity_id", "reason"]
    column_default_sort = ("seq", True)
    column_filters = ["action", "entity_type", "actor_role"]
    column_formatters = {"at": _when}
