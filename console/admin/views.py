"""The admin panel's views: bookings, slots, centers, the catalogue, users and the audit log."""
from __future__ import annotations

from console.admin.content import ContentView
from console.admin.forms import CenterForm
from console.adminkit.pagination import KeysetPaging, NewestFirstPaging
from console.adminkit.views import CenterScopedView, PanelView
from console.adminkit.formatters import rupees
from console.bookings.views import BookingView
from core import centers
from core.models import AuditEntry, Booking, Center, City, ContentEntry, Service, Slot, User


class SlotView(KeysetPaging, CenterScopedView):
    permission = "slot.view"
    column_list = ["center", "service", "starts_at", "capacity", "claimed", "is_blocked"]
    column_labels = {"starts_at": "Starts", "claimed": "Booked", "is_blocked": "Blocked"}
    column_filters = ["is_blocked", "capacity"]


class CenterView(PanelView):
    permission = "center.view"
    write_permissions = {"edit": "center.edit"}
    can_edit = True
    form = CenterForm
    column_list = ["name", "city", "area", "tier", "verification_status", "phone"]
    column_labels = {"verification_status": "Verification"}
    column_searchable_list = ["name", "area"]
    column_filters = ["tier", "verification_status"]
    column_details_exclude_list = ["documents"]

    def edit(self, session, actor, pk, form):
        """Tier and verification change through core.centers (audited); nothing else is editable here."""
        center = centers.get_or_raise(session, int(pk))
        if form.tier.data is not center.tier:
            centers.set_tier(session, actor=actor, center_id=center.id, tier=form.tier.data)
        if form.verification_status.data is not center.verification_status:
            centers.set_verification(session, actor=actor, center_id=center.id,
                                     status=form.verification_status.data, reason=form.reason.data or "")
        return center


class ServiceView(PanelView):
    permission = "catalogue.view"
    column_list = ["code", "name", "modality", "body_part", "base_price_paise", "duration_minutes", "is_active"]
    column_labels = {"base_price_paise": "Base price", "duration_minutes": "Minutes", "is_active": "Offered"}
    column_formatters = {"base_price_paise": rupees, "min_price_paise": rupees, "max_price_paise": rupees}
    column_searchable_list = ["name", "code"]
    column_filters = ["modality", "is_active"]


class CityView(PanelView):
    permission = "catalogue.view"
    column_list = ["name", "state", "state_code", "is_active"]


def _named(model_class):
    """A formatter showing the name of the row an id column points at (names instead of ids)."""
    def formatter(view, context, model, name):
        row_id = getattr(model, name)
        row = view.session.get(model_class, row_id) if row_id else None  # identity map: one query per id
        return str(row.name if hasattr(row, "name") else row) if row else ""
    return formatter


class UserView(PanelView):
    permission = "user.manage"
    audited_read = "user details"
    column_list = ["name", "email", "phone", "role", "center_id", "is_active", "created_at"]
    column_labels = {"center_id": "Center", "is_active": "Active"}
    column_formatters = {"center_id": _named(Center)}
    column_exclude_list = column_details_exclude_list = ["password_hash"]
    column_searchable_list = ["name", "email", "phone"]
    column_filters = ["role", "is_active"]


class AuditView(NewestFirstPaging, PanelView):
    permission = "audit.view"
    column_list = ["id", "at", "actor_role", "actor_id", "action", "entity_type", "entity_id", "reason"]
    column_labels = {"id": "No.", "actor_role": "Actor role", "actor_id": "Actor", "entity_type": "Entity",
                     "entity_id": "Id"}
    column_filters = ["action", "entity_type", "actor_role"]
    column_formatters = {"actor_id": _named(User)}


def all_views(db) -> list:
    return [
        BookingView(Booking, db, name="Bookings",
                    endpoint="admin_bookings", url="bookings"),
        SlotView(Slot, db, name="Slots", endpoint="admin_slots", url="slots"),
        CenterView(Center, db, name="Centers", endpoint="admin_centers", url="centers", category="Catalogue"),
        ServiceView(Service, db, name="Services", endpoint="admin_services", url="services", category="Catalogue"),
        CityView(City, db, name="Cities", endpoint="admin_cities", url="cities", category="Catalogue"),
        UserView(User, db, name="Users", endpoint="admin_users", url="users", category="People"),
        AuditView(AuditEntry, db, name="Audit log", endpoint="admin_audit", url="audit", category="People"),
        ContentView(ContentEntry, db, name="Content", endpoint="admin_content", url="content", category="Marketing"),
    ]
