"""The admin panel's views: bookings, slots, centers, the catalogue, users and the audit log."""
from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape

from console.access import can
from console.admin.analytics import AnalyticsView
from console.admin.campaigns import CampaignsView
from console.admin.content import ContentView
from console.admin.finance import FinanceView
from console.admin.ops.api_tokens import ApiTokenPage
from console.admin.ops.audit_log import AuditLogPage
from console.admin.ops.bookings import AdminBookingView
from console.admin.ops.centers import CenterOnboardingPage
from console.admin.ops.people import PeoplePage, PermissionMatrixPage
from console.admin.ops.refunds import PaymentProblemsPage, RefundApprovalPage
from console.admin.ops.services import ServiceView
from console.admin.ops.settlement_accounts import SettlementAccountPage
from console.admin.ops.slot_imports import SlotImportPage
from console.admin.ops.utilization import UtilizationPage
from console.admin.settlements import SettlementsView
from console.adminkit.pagination import KeysetPaging, NewestFirstPaging
from console.adminkit.views import CenterScopedView, PanelView
from core.models import AuditEntry, Booking, Center, City, ContentEntry, Service, Slot, User


class SlotView(KeysetPaging, CenterScopedView):
    permission = "slot.view"
    column_list = ["center", "service", "starts_at", "capacity", "claimed", "is_blocked"]
    column_labels = {"starts_at": "Starts", "claimed": "Booked", "is_blocked": "Blocked"}
    column_filters = ["is_blocked", "capacity"]


def _onboarding_link(view, context, model, name):
    """A center's name opening its onboarding page, the one place a center is edited, verified or tiered."""
    if not can("center.edit"):
        return model.name
    url = url_for("admin_center_onboarding.show", center_id=model.id)
    return Markup(f'<a href="{escape(url)}">{escape(model.name)}</a>')


class CenterView(PanelView):
    """Read-only: profile, documents, verification and tier change on Catalogue → Center onboarding."""
    permission = "center.view"
    column_list = ["name", "city", "area", "tier", "verification_status", "phone"]
    column_labels = {"verification_status": "Verification"}
    column_searchable_list = ["name", "area"]
    column_filters = ["tier", "verification_status"]
    column_details_exclude_list = ["documents"]
    column_formatters = {"name": _onboarding_link}


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


def _person_link(view, context, model, name):
    """A user's name linking to their page (role, deactivation)."""
    return Markup(f'<a href="{escape(url_for("admin_people.person", user_id=model.id))}">{escape(model.name)}</a>')


class UserView(PanelView):
    permission = "user.manage"
    audited_read = "user details"
    column_list = ["name", "email", "phone", "role", "center_id", "is_active", "created_at"]
    column_labels = {"center_id": "Center", "is_active": "Active"}
    column_formatters = {"center_id": _named(Center), "name": _person_link}
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

    def is_visible(self) -> bool:
        return False  # the menu's "Audit log" is the filtered page (ops.audit_log); rows open here


def all_views(db) -> list:
    return [
        AdminBookingView(Booking, db, name="Bookings", endpoint="admin_bookings", url="bookings"),
        SlotView(Slot, db, name="Slots", endpoint="admin_slots", url="slots"),
        *operations_pages(),
        CenterView(Center, db, name="Centers", endpoint="admin_centers", url="centers", category="Catalogue"),
        ServiceView(Service, db, name="Services", endpoint="admin_services", url="services", category="Catalogue"),
        CityView(City, db, name="Cities", endpoint="admin_cities", url="cities", category="Catalogue"),
        UserView(User, db, name="Users", endpoint="admin_users", url="users", category="People"),
        AuditView(AuditEntry, db, name="Audit entries", endpoint="admin_audit", url="audit", category="People"),
        ContentView(ContentEntry, db, name="Content", endpoint="admin_content", url="content", category="Marketing"),
        CampaignsView(name="Campaigns", endpoint="admin_campaigns", url="campaigns", category="Marketing"),
        AnalyticsView(name="Analytics", endpoint="admin_analytics", url="analytics"),
        FinanceView(name="Money in and out", endpoint="admin_finance", url="finance", category="Finance"),
        SettlementsView(name="Settlements", endpoint="admin_settlements", url="settlements", category="Finance"),
    ]


def operations_pages() -> list:
    """Issue 11's pages: slot import, utilization, API tokens, center onboarding, money queues, people, permissions, audit."""
    return [
        SlotImportPage(name="Slot import", endpoint="admin_slot_imports", url="slot-imports", category="Operations"),
        UtilizationPage(name="Slot utilization", endpoint="admin_utilization", url="utilization",
                        category="Operations"),
        ApiTokenPage(name="API tokens", endpoint="admin_api_tokens", url="api-tokens", category="Operations"),
        CenterOnboardingPage(name="Center onboarding", endpoint="admin_center_onboarding", url="center-onboarding",
                             category="Catalogue"),
        RefundApprovalPage(name="Refund approvals", endpoint="admin_refund_approvals", url="refund-approvals",
                           category="Operations"),
        PaymentProblemsPage(name="Payment problems", endpoint="admin_payment_problems", url="payment-problems",
                            category="Operations"),
        SettlementAccountPage(name="Settlement accounts", endpoint="admin_settlement_accounts",
                              url="settlement-accounts", category="Operations"),
        PeoplePage(name="Invite people", endpoint="admin_people", url="people", category="People"),
        PermissionMatrixPage(name="Permissions", endpoint="admin_permissions", url="permissions", category="People"),
        AuditLogPage(name="Audit log", endpoint="admin_audit_log", url="audit-log", category="People"),
    ]
