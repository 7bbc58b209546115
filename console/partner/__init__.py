"""/partner/: one center's staff: the schedule, booking actions and reports, availability, money, support."""
from __future__ import annotations

from flask import Blueprint, Flask

from console.adminkit.panel import Panel, make_panel

templates = Blueprint("partner_templates", __name__, template_folder="templates")


def init_panel(app: Flask, db) -> Panel:
    from console.partner import views
    from console.partner.availability import AvailabilityPage
    from console.partner.money import ScorecardPage, SettlementsPage
    from console.partner.profile import ProfilePage
    from console.partner.schedule import SchedulePage
    from console.partner.support import SupportPage
    panel = make_panel(app, key="partner", title="Partner", permission="panel.partner",
                       home_template="partner/home.html", context=views.home_context)
    panel.badges = views.menu_badges
    panel.add(SchedulePage(name="Schedule", endpoint="partner_schedule", url="schedule"))
    for view in views.all_views(db):
        panel.add(view)
    panel.add(AvailabilityPage(name="Availability", endpoint="partner_availability", url="availability"))
    panel.add(SettlementsPage(name="Settlements", endpoint="partner_settlements", url="settlements"))
    panel.add(ScorecardPage(name="Scorecard", endpoint="partner_scorecard", url="scorecard"))
    panel.add(SupportPage(name="Support", endpoint="partner_support", url="support"))
    panel.add(ProfilePage(name="Center", endpoint="partner_profile", url="profile"))
    return panel
