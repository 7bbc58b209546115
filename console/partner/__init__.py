"""/partner/: one center's staff: today's bookings, booking actions, slots."""
from __future__ import annotations

from flask import Blueprint, Flask

from console.adminkit.panel import Panel, make_panel

templates = Blueprint("partner_templates", __name__, template_folder="templates")


def init_panel(app: Flask, db) -> Panel:
    from console.partner import views
    panel = make_panel(app, key="partner", title="Partner", permission="panel.partner",
                       home_template="partner/home.html", context=views.home_context)
    for view in views.all_views(db):
        panel.add(view)
    return panel
