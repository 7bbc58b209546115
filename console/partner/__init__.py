"""/partner/: one center's staff: the schedule, booking actions and reports, availability, money, support."""
from __future__ import annotations

from flask import Blueprint, Flask

from console.adminkit.panel import Panel, make_panel

templates = Blueprint("partner_templates", __name__, template_folder="templates")


def init_panel(app: Flask, db) -> Panel:
    from console.partner import views
    from console.partner.schedule import SchedulePage
    panel = make_panel(app, key="partner", title="Partner", permission="panel.partner",
                       home_template="partner/home.html", context=views.home_context)
    panel.add(SchedulePage(name="Schedule", endpoint="partner_schedule", url="schedule"))
    for view in views.all_views(db):
        panel.add(view)
    return panel
