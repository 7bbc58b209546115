"""Every route of the app, for every kind of visitor: anonymous, a patient, each staff role, and a partner
of center A asking for center B's ids. Each rule's expectation is written down in RULES; a rule added to
the app without an entry here fails `test_every_rule_has_an_expectation`.

A gated rule names the permissions (core.permissions) a visitor must hold, all of them; `None` means
nobody may use it (writes a view does not offer). Anonymous visitors are sent to sign in, visitors
lacking a permission get 403, and allowed visitors get `ok` (POSTs carry no CSRF token, so passing the
gate shows as the form's 400). Rules taking an id answer 404 to the partner asking for center B's.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from core.models import Role
from core.permissions import allowed

R = Role


@dataclass(frozen=True)
class Gated:
    permissions: tuple[str | None, ...]
    ok: int = 200
    path: str | None = None  # with {placeholders} filled from the walk's ids; default: the rule itself
    scoped: bool = False  # takes one of center A's ids (a partner asking for center B's gets 404)


PUBLIC = "public"  # signature-checked webhooks and links, sign-in, assets, sandbox-only pages


def _model_view(endpoint: str, url: str, panel: str, view: str, *, edit: str | None = None,
                scoped_ids: str = "") -> dict:
    """The rules of one Flask-Admin model view; `edit` is the permission of its edit form, if it has one."""
    base = (panel, view)
    return {
        (f"{endpoint}.index_view", "GET"): Gated(base),
        (f"{endpoint}.details_view", "GET"): Gated(base, path=f"{url}details/?id={{{scoped_ids}}}", scoped=True),
        (f"{endpoint}.edit_view", "GET"): Gated(base + (edit,), path=f"{url}edit/?id={{{scoped_ids}}}", scoped=True),
        (f"{endpoint}.edit_view", "POST"): Gated(base + (edit,), path=f"{url}edit/?id={{{scoped_ids}}}", scoped=True),
        (f"{endpoint}.create_view", "GET"): Gated(base + (None,)),
        (f"{endpoint}.create_view", "POST"): Gated(base + (None,)),
        (f"{endpoint}.delete_view", "POST"): Gated(base + (None,)),
        (f"{endpoint}.action_view", "POST"): Gated(base + (None,)),
        (f"{endpoint}.export", "GET"): Gated(base + (None,), path=f"{url}export/csv/"),
        (f"{endpoint}.ajax_lookup", "GET"): Gated(base + (None,)),
        (f"{endpoint}.ajax_update", "POST"): Gated(base + (None,)),
    }


def _bookings(endpoint: str, url: str, panel: str) -> dict:
    rules = _model_view(endpoint, url, panel, "booking.view", scoped_ids="booking")
    rules[(f"{endpoint}.act_view", "POST")] = Gated((panel, "booking.view", "booking.confirm"), ok=400,
                                                    path=f"{url}act/confirm/?id={{booking}}", scoped=True)
    return rules


def _content_rules() -> dict:
    rules = _model_view("admin_content", "/admin/content/", "panel.admin", "content.edit", edit="content.edit",
                        scoped_ids="content")
    rules[("admin_content.create_view", "GET")] = Gated(("panel.admin", "content.edit"))
    rules[("admin_content.create_view", "POST")] = Gated(("panel.admin", "content.edit"))
    return rules


def _insight_rules() -> dict:
    """The admin panel's own pages: finance, settlements, analytics, campaigns (tests/insight_panel)."""
    finance, analytics = ("panel.admin", "finance.view"), ("panel.admin", "analytics.view")
    campaign = ("panel.admin", "campaign.send")
    return {
        ("admin_finance.index", "GET"): Gated(finance), ("admin_finance.gst", "GET"): Gated(finance),
        ("admin_finance.gst_csv", "GET"): Gated(finance), ("admin_finance.reconcile", "GET"): Gated(finance),
        ("admin_finance.reconcile", "POST"): Gated(finance, ok=400),
        ("admin_settlements.index", "GET"): Gated(finance),
        ("admin_settlements.preview", "GET"): Gated(finance, ok=400),  # no center or period given
        ("admin_settlements.run", "POST"): Gated(finance + ("settlement.run",), ok=400),
        ("admin_settlements.month", "POST"): Gated(finance + ("settlement.run",), ok=400),
        ("admin_settlements.download", "GET"): Gated(finance, ok=404, path="/admin/settlements/987654.pdf"),
        ("admin_analytics.index", "GET"): Gated(analytics), ("admin_analytics.my_exports", "GET"): Gated(analytics),
        ("admin_analytics.export", "POST"): Gated(analytics, ok=400),
        ("admin_analytics.download", "GET"): Gated(analytics, ok=404, path="/admin/analytics/exports/987654"),
        ("admin_campaigns.index", "GET"): Gated(campaign), ("admin_campaigns.new", "GET"): Gated(campaign),
        ("admin_campaigns.new", "POST"): Gated(campaign, ok=400),
        ("admin_campaigns.detail", "GET"): Gated(campaign, ok=404, path="/admin/campaigns/987654"),
        ("admin_campaigns.send", "POST"): Gated(campaign, ok=400, path="/admin/campaigns/987654/send"),
    }


def _operations_rules() -> dict:
    """Issue 11's admin pages; ids that do not exist answer 404 to allowed visitors (tests/admin_ops)."""
    admin, imports, tokens = "panel.admin", "/admin/slot-imports/", "/admin/api-tokens/"
    return {
        ("admin_bookings.override_view", "POST"): Gated((admin, "booking.view", "booking.override_status"), ok=400,
                                                        path="/admin/bookings/override/?id={booking}", scoped=True),
        ("admin_slot_imports.index", "GET"): Gated((admin, "slot.import")),
        ("admin_slot_imports.upload", "POST"): Gated((admin, "slot.import"), ok=400, path=imports + "upload"),
        ("admin_slot_imports.show", "GET"): Gated((admin, "slot.import"), ok=404, path=imports + "987654"),
        ("admin_slot_imports.progress", "GET"): Gated((admin, "slot.import"), ok=404, path=imports + "987654/progress"),
        ("admin_slot_imports.import_good_rows", "POST"): Gated((admin, "slot.import"), ok=400,
                                                               path=imports + "987654/import-good-rows"),
        ("admin_bookings.resend_link_view", "POST"): Gated((admin, "booking.view", "message.send"), ok=400,
                                                           path="/admin/bookings/resend-link/?id={booking}", scoped=True),
        ("admin_utilization.index", "GET"): Gated((admin, "slot.utilization")),
        ("admin_utilization.export", "GET"): Gated((admin, "slot.utilization"),
                                                   path="/admin/utilization/export.csv?start=2026-01-01&end=2026-02-01"),
        ("admin_api_tokens.index", "GET"): Gated((admin, "api_token.manage")),
        ("admin_api_tokens.issue", "POST"): Gated((admin, "api_token.manage"), ok=400, path=tokens + "issue"),
        ("admin_api_tokens.revoke", "POST"): Gated((admin, "api_token.manage"), ok=400, path=tokens + "987654/revoke"),
        ("admin_refund_approvals.index", "GET"): Gated((admin, "refund.approve")),
        ("admin_refund_approvals.approve", "POST"): Gated((admin, "refund.approve"), ok=400,
                                                          path="/admin/refund-approvals/987654/approve"),
        ("admin_refund_approvals.reject", "POST"): Gated((admin, "refund.approve"), ok=400,
                                                         path="/admin/refund-approvals/987654/reject"),
        ("admin_payment_problems.index", "GET"): Gated((admin, "booking.refund")),
        **_center_onboarding_rules(),
        **_people_rules(),
        ("admin_settlement_accounts.index", "GET"): Gated((admin, "payout.manage")),
        ("admin_settlement_accounts.show", "GET"): Gated((admin, "payout.manage"),
                                                         path="/admin/settlement-accounts/{center}"),
        ("admin_settlement_accounts.save", "POST"): Gated((admin, "payout.manage"), ok=400,
                                                          path="/admin/settlement-accounts/{center}"),
        ("admin_settlement_accounts.retry", "POST"): Gated((admin, "payout.manage"), ok=400,
                                                           path="/admin/settlement-accounts/{center}/retry"),
        ("admin_payment_problems.retry", "POST"): Gated((admin, "booking.refund"), ok=400,
                                                        path="/admin/payment-problems/refunds/987654/retry"),
    }


def _service_rules() -> dict:
    base, url = ("panel.admin", "catalogue.view"), "/admin/services/"
    rules = _model_view("admin_services", url, *base, edit="catalogue.edit", scoped_ids="service")
    rules[("admin_services.create_view", "GET")] = Gated(base + ("catalogue.edit",))
    rules[("admin_services.create_view", "POST")] = Gated(base + ("catalogue.edit",))
    for name, tail in (("availability_view", "availability/"), ("city_adjustment_view", "city-adjustment/")):
        rules[(f"admin_services.{name}", "POST")] = Gated(base + ("catalogue.edit",), ok=400,
                                                           path=f"{url}{tail}?id={{service}}")
    return rules


def _people_rules() -> dict:
    gate, people = ("panel.admin", "user.manage"), "/admin/people/"
    return {
        ("admin_people.index", "GET"): Gated(gate),
        ("admin_people.invite_staff", "POST"): Gated(gate, ok=400, path=people + "staff"),
        ("admin_people.invite_patient", "POST"): Gated(gate, ok=400, path=people + "patients"),
        ("admin_people.person", "GET"): Gated(gate, path=people + "{user}"),
        ("admin_people.change_role", "POST"): Gated(gate, ok=400, path=people + "{user}/role"),
        ("admin_people.edit_details", "POST"): Gated(gate, ok=400, path=people + "{user}/details"),
        ("admin_people.set_active", "POST"): Gated(gate, ok=400, path=people + "{user}/active"),
        ("admin_permissions.index", "GET"): Gated(gate),
        ("admin_audit_log.index", "GET"): Gated(("panel.admin", "audit.view"),
                                                path="/admin/audit-log/?action=booking.&since=2026-01-01"),
        ("admin_audit_log.verify", "POST"): Gated(("panel.admin", "audit.view"), ok=400,
                                                  path="/admin/audit-log/verify"),
    }


def _center_onboarding_rules() -> dict:
    base, gate = "/admin/center-onboarding/", ("panel.admin", "center.edit")
    posts = {"profile": "{center}/profile", "prices": "{center}/prices", "upload": "{center}/documents",
             "tier": "{center}/tier", "invite": "{center}/partners"}
    return {
        ("admin_center_onboarding.index", "GET"): Gated(gate),
        ("admin_center_onboarding.new", "GET"): Gated(gate, path=base + "new"),
        ("admin_center_onboarding.new", "POST"): Gated(gate, ok=400, path=base + "new"),
        ("admin_center_onboarding.show", "GET"): Gated(gate, path=base + "{center}"),
        **{(f"admin_center_onboarding.{name}", "POST"): Gated(gate, ok=400, path=base + tail)
           for name, tail in posts.items()},
        ("admin_center_onboarding.review", "POST"): Gated(gate + ("center.verify",), ok=400,
                                                          path=base + "{center}/documents/987654/verify"),
        ("admin_center_onboarding.verification", "POST"): Gated(gate + ("center.verify",), ok=400,
                                                                path=base + "{center}/verification/verify"),
        ("admin_center_onboarding.center_admin", "POST"): Gated(gate + ("center.manage_admins",), ok=400,
                                                                path=base + "{center}/partners/{user}/make-admin"),
    }


def _support(path: str, method: str = "GET") -> Gated:
    return Gated(("conversation.handle",), ok=400 if method == "POST" else 200, path=path)


def _portal_rules() -> dict:
    """The patient portal (tests/portal has its own walk of another patient's ids)."""
    me, booking = ("portal.use",), "/me/bookings/{reference}"
    return {
        ("me.documents_page", "GET"): Gated(me), ("me.payments_page", "GET"): Gated(me),
        ("me.download", "GET"): Gated(me, ok=404, path="/me/documents/987654/download"),
        ("me.invoice_pdf", "GET"): Gated(me, ok=404, path="/me/invoices/987654.pdf"),
        ("me.cancel", "GET"): Gated(me, path=booking + "/cancel"),
        ("me.cancel_post", "POST"): Gated(me, ok=400, path=booking + "/cancel"),
        ("me.reschedule", "GET"): Gated(me, path=booking + "/reschedule"),
        ("me.reschedule_post", "POST"): Gated(me, ok=400, path=booking + "/reschedule"),
        ("me.retry_payment", "POST"): Gated(me, ok=400, path=booking + "/pay-again"),
        ("me.upload_prescription", "POST"): Gated(me, ok=400, path=booking + "/prescription"),
        ("me.support_page", "GET"): Gated(me), ("me.raise_ticket", "POST"): Gated(me, ok=400),
        ("me.ticket", "GET"): Gated(me, ok=404, path="/me/support/987654"),
        ("me.profile_page", "GET"): Gated(me), ("me.save_profile", "POST"): Gated(me, ok=400),
        ("me.send_phone_code", "POST"): Gated(me, ok=400), ("me.verify_phone", "POST"): Gated(me, ok=400),
        ("me.send_email_link", "POST"): Gated(me, ok=400), ("me.add_contact", "POST"): Gated(me, ok=400),
        ("me.add_family_member", "POST"): Gated(me, ok=400),
        ("me.remove_family_member", "POST"): Gated(me, ok=400, path="/me/profile/family/987654/remove"),
        ("me.notifications", "GET"): Gated(me), ("me.set_consent", "POST"): Gated(me, ok=400),
        ("me.book", "GET"): Gated(me), ("me.hold", "POST"): Gated(me, ok=400),
        ("me.privacy_page", "GET"): Gated(me), ("me.export", "GET"): Gated(me),
        ("me.correct_name", "POST"): Gated(me, ok=400), ("me.erase", "POST"): Gated(me, ok=400),
    }


def _support_panel_rules() -> dict:
    """Find, the booking workspace and its actions, tickets and refunds (tests/support_panel)."""
    def rule(path: str, permission: str, method: str = "GET") -> Gated:
        return Gated(("conversation.handle", permission), ok=400 if method == "POST" else 200, path=path)
    ws, ticket = "/support/workspace/{booking}", "/support/tickets/{ticket}"
    return {
        ("support.find", "GET"): rule("/support/find?q=MZ", "booking.view"),
        ("support.booking_workspace", "GET"): rule(ws, "booking.view"),
        **{(f"support.ws_{name}", "POST"): rule(f"{ws}/{tail}", permission, "POST") for name, tail, permission in [
            ("reschedule", "reschedule", "booking.reschedule"), ("cancel", "cancel", "booking.cancel"),
            ("confirm", "confirm", "booking.confirm"), ("credit", "credit", "credit.grant"),
            ("refund", "refund", "booking.refund"), ("resend_link", "resend-link", "message.send"),
            ("message", "message", "message.send")]},
        ("support.ticket_queue", "GET"): rule("/support/tickets", "ticket.handle"),
        ("support.ticket", "GET"): rule(ticket, "ticket.handle"),
        **{(f"support.ticket_{name}", "POST"): rule(f"{ticket}/{name}", "ticket.handle", "POST")
           for name in ("claim", "assign", "state", "priority", "escalate", "note")},
        ("support.refund_manager_page", "GET"): rule("/support/refunds", "booking.refund"),
        ("support.refund_start", "POST"): rule("/support/refunds/start", "booking.refund", "POST"),
        ("support.refund_retry", "POST"): rule("/support/refunds/987654/retry", "booking.refund", "POST"),
        **{(f"support.refund_{name}", "POST"): rule(f"/support/refunds/987654/{name}", "refund.approve", "POST")
           for name in ("approve", "reject")},
    }


def _partner_pages() -> dict:
    """The partner panel's own pages (tests/partner_panel covers each with real rows of two centers)."""
    booking = ("panel.partner", "booking.view")
    P = "panel.partner"
    return {
        ("partner_bookings.report_view", "POST"): Gated(booking + ("report.upload",), ok=400, scoped=True,
                                                        path="/partner/bookings/report/?id={booking}"),
        ("partner_bookings.report_file_view", "GET"): Gated(booking + ("document.view",), ok=404, scoped=True,
                                                            path="/partner/bookings/report-file/?id={booking}&file=0"),
        ("partner_bookings.contact_view", "POST"): Gated(booking + ("booking.message_patient",), ok=400, scoped=True,
                                                         path="/partner/bookings/contact/?id={booking}"),
        ("partner_schedule.index", "GET"): Gated((P, "booking.view")),
        ("partner_availability.index", "GET"): Gated((P, "slot.manage")),
        **{(f"partner_availability.{name}", "POST"): Gated((P, "slot.manage"), ok=400,
                                                           path=f"/partner/availability/{tail}")
           for name, tail in [("add_template", "templates"), ("retire_template", "templates/987654/retire"),
                              ("add_one_off", "one-off"), ("import_csv", "import"), ("block", "block")]},
        ("partner_settlements.index", "GET"): Gated((P, "finance.center_view")),
        ("partner_settlements.download", "GET"): Gated((P, "finance.center_view"), ok=404,
                                                       path="/partner/settlements/987654.pdf"),
        ("partner_settlements.invoices", "GET"): Gated((P, "finance.center_view"), ok=404,
                                                       path="/partner/settlements/invoices/2020-01.pdf"),  # none then
        ("partner_scorecard.index", "GET"): Gated((P, "center.profile")),
        ("partner_support.index", "GET"): Gated((P, "ticket.escalate")),
        ("partner_support.raise_escalation", "POST"): Gated((P, "ticket.escalate"), ok=400, path="/partner/support/"),
        ("partner_support.ticket", "GET"): Gated((P, "ticket.escalate"), ok=404, path="/partner/support/{ticket}"),
        ("partner_support.add_note", "POST"): Gated((P, "ticket.escalate"), ok=404,
                                                    path="/partner/support/{ticket}/notes"),
        ("partner_profile.index", "GET"): Gated((P, "center.profile")),
        ("partner_profile.invite", "POST"): Gated((P, "center.profile", "center.invite_partner"), ok=400,
                                                  path="/partner/profile/invite"),
        ("partner_profile.center_admin", "POST"): Gated((P, "center.profile", "center.manage_admins"), ok=400,
                                                        path="/partner/profile/staff/{user}/make-admin"),
    }


CONVERSATION = "/support/conversations/{conversation}"
RULES: dict[tuple[str, str], Gated | str] = {
    **{(e, m): PUBLIC for e, m in [
        ("static", "GET"), ("healthz", "GET"), ("auth.login", "GET"), ("auth.login", "POST"), ("auth.logout", "POST"),
        ("files.download", "GET"), ("gateway.inbound", "POST"), ("gateway.status", "POST"),
        ("sandbox_chat.page", "GET"), ("sandbox_chat.send", "POST"), ("sandbox_chat.transcript", "GET"),
        ("payments.razorpay_webhook", "POST"), ("payments.sandbox_checkout", "GET"),
        ("payments.sandbox_checkout", "POST"), ("payments.payment_return", "GET"),
        ("payments.patient_invoice", "GET"),  # the signed link stands in for a login
        ("email_link.verify_page", "GET"), ("email_link.verify", "POST"),  # so does the email's (tests/portal)
        ("admin.static", "GET"), ("partner.static", "GET"), ("support_panel.static", "GET"),
        ("auth.code", "GET"), ("auth.code", "POST"), ("auth.resend", "POST"), ("auth.password", "GET"),
        ("auth.password", "POST"), ("auth.logout_everywhere", "POST"),
        ("metrics", "GET"),  # Prometheus scrape; MEDEZY_METRICS_TOKEN guards it where set
        ("api_v1.import_slots", "POST"),  # an API token, not a session (tests/slots)
        # provider callbacks: signature or URL token checked (tests/notifications); the sandbox outbox
        ("notifications.gupshup", "POST"), ("notifications.gupshup_sms", "GET"), ("notifications.gupshup_sms", "POST"),
        ("notifications.gupshup_sms_inbound", "GET"), ("notifications.gupshup_sms_inbound", "POST"),
        ("notifications.interakt", "POST"), ("notifications.postmark", "POST"), ("notifications.ses", "POST"),
        ("notifications.outbox", "GET"),
        ("public.home", "GET"), ("public.faq", "GET"), ("public.blog", "GET"), ("public.landing", "GET"),
    ]},
    ("payments.staff_invoice", "GET"): Gated(("booking.view",), ok=404, path="/staff/invoices/987654.pdf"),
    # /admin/
    ("admin.index", "GET"): Gated(("panel.admin",)),
    **_bookings("admin_bookings", "/admin/bookings/", "panel.admin"),
    **_model_view("admin_slots", "/admin/slots/", "panel.admin", "slot.view", scoped_ids="slot"),
    **_model_view("admin_centers", "/admin/centers/", "panel.admin", "center.view", scoped_ids="center"),
    **_service_rules(),
    **_model_view("admin_cities", "/admin/cities/", "panel.admin", "catalogue.view", scoped_ids="city"),
    **_content_rules(),
    **_insight_rules(),
    **_operations_rules(),
    **_model_view("admin_users", "/admin/users/", "panel.admin", "user.manage", scoped_ids="user"),
    **_model_view("admin_audit", "/admin/audit/", "panel.admin", "audit.view", scoped_ids="audit"),
    # /partner/
    ("partner.index", "GET"): Gated(("panel.partner",)),
    **_bookings("partner_bookings", "/partner/bookings/", "panel.partner"),
    **_model_view("partner_slots", "/partner/slots/", "panel.partner", "slot.view", scoped_ids="slot"),
    **_partner_pages(),
    # /support/
    ("support_panel.index", "GET"): Gated(("panel.support",)),
    **_bookings("support_bookings", "/support/bookings/", "panel.support"),
    ("support.conversations", "GET"): _support("/support/conversations"),
    ("support.conversation", "GET"): _support(CONVERSATION),
    ("support.new_messages", "GET"): _support(CONVERSATION + "/messages?after=0"),
    **{(f"support.{name}", "POST"): _support(f"{CONVERSATION}/{tail}", "POST") for name, tail in [
        ("take_over", "take-over"), ("reply", "reply"), ("follow_up", "follow-up"), ("hand_back", "hand-back"),
        ("open_ticket", "tickets"), ("escalate", "tickets/{ticket}/escalate"),
        ("resolve", "tickets/{ticket}/resolve")]},
    **_support_panel_rules(),
    ("admin_escalations.queue", "GET"): Gated(("ticket.escalations",), path="/admin/escalations"),
    # /me/
    ("me.index", "GET"): Gated(("portal.use",)),
    ("me.booking", "GET"): Gated(("portal.use",), path="/me/bookings/{reference}"),
    **_portal_rules(),
}
VISITORS = ["anonymous", R.PATIENT, R.SUPER_ADMIN, R.OPS_MANAGER, R.FINANCE, R.MARKETING, R.SUPPORT_AGENT,
            R.PARTNER_STAFF, "partner_asking_for_center_b"]


def _rules(app) -> set[tuple[str, str]]:
    return {(rule.endpoint, method) for rule in app.url_map.iter_rules()
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def test_every_rule_has_an_expectation(app):
    assert sorted(_rules(app) - set(RULES)) == []


def test_every_expectation_names_a_rule(app):
    assert sorted(set(RULES) - _rules(app)) == []


@pytest.fixture
def ids(container, world, chat, patient_user):
    """One id of each kind at center A, and the same kinds at center B."""
    from sqlalchemy import select
    from core.models import AuditEntry, Slot
    a, b = world["bookings"]
    talk = chat(ticket="Report is late")
    with container.session_factory() as session:
        audit_id = session.scalar(select(AuditEntry.id).limit(1))
        slot_b = session.get(Slot, b.slot_id)
        content_id = _faq(session, world)
    common = {"content": content_id, "conversation": talk.conversation_id, "ticket": talk.ticket_id, "audit": audit_id,
              "service": slot_b.service_id, "city": world["centers"][0].city_id, "user": patient_user.id,
              "reference": a.reference}
    return {"A": {**common, "booking": a.id, "slot": a.slot_id, "center": world["centers"][0].id},
            "B": {**common, "booking": b.id, "slot": b.slot_id, "center": world["centers"][1].id}}


def _faq(session, world) -> int:
    from core.actors import Actor
    from core.content import entries
    from core.content.entries import Draft
    from core.models.content import ContentKind
    editor = Actor.of(world["staff"][R.MARKETING])
    entry = entries.create(session, actor=editor, draft=Draft(kind=ContentKind.FAQ, slug=f"walk-{editor.user_id}",
                                                             title="A question"))
    session.commit()
    return entry.id


def _client(app, login, world, patient_user, visitor):
    if visitor == "anonymous":
        return app.test_client()
    if visitor == R.PATIENT:
        return login(patient_user)[0]
    role = R.PARTNER_STAFF if visitor == "partner_asking_for_center_b" else visitor
    return login(world["staff"][role])[0]


def _expected(visitor, spec: Gated) -> int | str:
    if visitor == "anonymous":
        return "sign-in"
    role = R.PARTNER_STAFF if visitor == "partner_asking_for_center_b" else visitor
    if not all(p is not None and allowed(role, p) for p in spec.permissions):
        return 403
    return 404 if visitor == "partner_asking_for_center_b" and spec.scoped else spec.ok


def _answer(response) -> int | str:
    if response.status_code == 302 and response.location.startswith("/login"):
        return "sign-in"
    return response.status_code


@pytest.mark.parametrize("visitor", VISITORS, ids=str)
def test_each_rule_answers_each_visitor_as_written(app, login, world, patient_user, ids, visitor):
    client = _client(app, login, world, patient_user, visitor)
    values = ids["B" if visitor == "partner_asking_for_center_b" else "A"]
    wrong = []
    for (endpoint, method), spec in sorted(RULES.items()):
        if spec == PUBLIC:
            continue
        path = (spec.path or _default_path(app, endpoint)).format(**values)
        response = client.open(path, method=method)
        expected, got = _expected(visitor, spec), _answer(response)
        if got != expected:
            wrong.append(f"{method} {path}: expected {expected}, got {got}")
    assert wrong == []


def _default_path(app, endpoint: str) -> str:
    [rule] = [r for r in app.url_map.iter_rules() if r.endpoint == endpoint]
    return rule.rule
