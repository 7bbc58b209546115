"""/admin/: the MedEzy office (super admin, ops manager, finance, marketing)."""
from __future__ import annotations

from flask import Blueprint, Flask

from console.adminkit.panel import Panel, make_panel

templates = Blueprint("admin_templates", __name__, template_folder="templates")


def init_panel(app: Flask, db) -> Panel:
    from console.admin import views
    from console.admin.dashboard import home_context
    panel = make_panel(app, key="admin", title="Admin", permission="panel.admin",
                       home_template="admin_panel/home.html", context=home_context)
    for view in views.all_views(db):
        panel.add(view)
    return panel
