"""The permission matrix: which role may do what. The only source of truth for every view, action,
download and API endpoint (console checks `allowed`; core services check `Actor.require_permission`).

Permissions are named `<area>.<verb>`. A new one is added here with the roles that hold it; the console's
role × URL test fails for any route that names no permission.
"""
from __future__ import annotations

from types import MappingProxyType

from core.models.users import Role

R = Role

# permission -> the roles that hold it (super admins hold every permission, see `allowed`).
MATRIX: MappingProxyType[str, frozenset[Role]] = MappingProxyType({
    # bookings
    "booking.view": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF, R.FINANCE}),
    "booking.view_contact": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT}),  # full phone/email of a patient
    "booking.confirm": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),
    "booking.complete": frozenset({R.OPS_MANAGER, R.PARTNER_STAFF}),
    "booking.reschedule": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),
    "booking.cancel": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),
    "booking.message_patient": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),  # relayed, number hidden
    "booking.override_status": frozenset({R.OPS_MANAGER}),
    "booking.refund": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.FINANCE}),
    "refund.approve": frozenset(),  # super admins only: a second person above the threshold
    "credit.grant": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.FINANCE}),
    # slots and availability
    "slot.view": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),
    "slot.manage": frozenset({R.OPS_MANAGER, R.PARTNER_STAFF}),
    "slot.import": frozenset({R.OPS_MANAGER, R.PARTNER_STAFF}),
    # reports and documents
    "document.view": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),
    "report.upload": frozenset({R.OPS_MANAGER, R.PARTNER_STAFF}),
    # catalogue and centers
    "catalogue.view": frozenset({R.OPS_MANAGER, R.MARKETING, R.SUPPORT_AGENT, R.FINANCE}),
    "catalogue.edit": frozenset({R.OPS_MANAGER}),
    "center.view": frozenset({R.OPS_MANAGER, R.FINANCE, R.SUPPORT_AGENT}),
    "center.edit": frozenset({R.OPS_MANAGER}),
    "center.verify": frozenset({R.OPS_MANAGER}),
    "center.profile": frozenset({R.PARTNER_STAFF}),  # a partner's own center
    # support work
    "conversation.handle": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT}),
    "ticket.handle": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT}),
    "ticket.escalate": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT, R.PARTNER_STAFF}),
    "message.send": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT}),
    "ticket.escalations": frozenset({R.OPS_MANAGER}),  # the admins' escalation queue (super admins too)
    # finance
    "finance.view": frozenset({R.FINANCE}),
    "finance.center_view": frozenset({R.PARTNER_STAFF}),  # one center's own statements
    "settlement.run": frozenset({R.FINANCE}),
    "payout.manage": frozenset({R.FINANCE}),
    # content and marketing
    "content.edit": frozenset({R.MARKETING}),
    "campaign.send": frozenset({R.MARKETING}),
    # insight
    "dashboard.view": frozenset({R.OPS_MANAGER, R.FINANCE, R.MARKETING}),
    "analytics.view": frozenset({R.OPS_MANAGER, R.FINANCE, R.MARKETING}),
    "dashboard.money": frozenset({R.OPS_MANAGER, R.FINANCE}),  # GMV, fees and refunds on the dashboard
    # people and the platform
    "user.manage": frozenset(),  # super admins only
    "audit.view": frozenset(),  # super admins only
    # the patient's own portal
    "portal.use": frozenset({R.PATIENT}),
    # the console's panels (each view inside also checks its own permission)
    "panel.admin": frozenset({R.OPS_MANAGER, R.FINANCE, R.MARKETING}),
    "panel.partner": frozenset({R.PARTNER_STAFF}),
    "panel.support": frozenset({R.OPS_MANAGER, R.SUPPORT_AGENT}),
    # operations (issue 11)
    "api_token.manage": frozenset({R.OPS_MANAGER}),  # tokens for centers' systems and staff scripts
    "center.invite_partner": frozenset({R.OPS_MANAGER, R.PARTNER_STAFF}),  # a center's admin invites colleagues
    "center.manage_admins": frozenset({R.OPS_MANAGER, R.PARTNER_STAFF}),  # who among its partners is admin
    "slot.utilization": frozenset({R.OPS_MANAGER}),  # capacity use per center, heatmap and CSV
})

# The panel each role lands on after signing in.
PANEL_OF: MappingProxyType[Role, str] = MappingProxyType({
    R.SUPER_ADMIN: "admin", R.OPS_MANAGER: "admin", R.FINANCE: "admin", R.MARKETING: "admin",
    R.SUPPORT_AGENT: "support", R.PARTNER_STAFF: "partner", R.PATIENT: "me",
})


def allowed(role: Role, permission: str) -> bool:
    """May `role` use `permission`? Unknown permissions are a programming error, not a silent no."""
    holders = MATRIX[permission]
    if permission == "portal.use":  # the portal is the patient's own: staff never act as a patient
        return role is R.PATIENT
    return role is R.SUPER_ADMIN or role in holders


# Among a center's staff only its admins (User.is_center_admin) hold these; MedEzy's roles are not center-bound.
CENTER_ADMIN_ONLY = frozenset({"center.invite_partner", "center.manage_admins"})


def allowed_to(role: Role, permission: str, *, center_admin: bool) -> bool:
    """allowed(), with partner staff needing to be their center's admin for CENTER_ADMIN_ONLY permissions."""
    if role is R.PARTNER_STAFF and permission in CENTER_ADMIN_ONLY and not center_admin:
        return False
    return allowed(role, permission)


def permissions_of(role: Role) -> list[str]:
    """Every permission `role` holds, sorted (the admin panel's matrix page shows these)."""
    return sorted(p for p in MATRIX if allowed(role, p))
