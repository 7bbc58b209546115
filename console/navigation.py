"""What the shared layout needs on every page: who is signed in, the sign-out form, and the menu of the
panel the page belongs to (found from the URL's first segment)."""
from __future__ import annotations

from flask import Flask, request, url_for

from console.adminkit.panel import MenuItem, menu_of, url_with
from console.auth import LogoutForm, current_user
from core.permissions import PANEL_OF

TITLES = {"admin": "Admin", "partner": "Partner", "support": "Support", "me": "Patient"}
# Where each panel's home is (the support panel opens on its inbox).
HOME_ENDPOINT = {"admin": "admin.index", "partner": "partner.index", "support": "support.conversations",
                 "me": "me.index"}


def current_panel() -> str | None:
    first = request.path.strip("/").split("/", 1)[0]
    return first if first in TITLES else None


def home_url(user) -> str:
    """The signed-in user's own panel (core.permissions.PANEL_OF), or the sign-in page."""
    if user is None or user.role not in PANEL_OF:
        return url_for("auth.login")
    return url_for(HOME_ENDPOINT[PANEL_OF[user.role]])


def panel_menu(app: Flask) -> list[MenuItem]:
    key = current_panel()
    if current_user() is None or key is None:
        return []
    panel = app.extensions.get("medezy_panels", {}).get(key)
    if panel is not None:
        return menu_of(panel)
    menu = app.extensions.get("medezy_menus", {}).get(key)
    return menu() if menu else []


def install(app: Flask) -> None:
    @app.context_processor
    def layout_context():
        user = current_user()
        key = current_panel()
        return {"current_user": user, "logout_form": LogoutForm, "panel_key": key,
                "panel_title": "" if request.blueprint == "public" else TITLES.get(key, "Console"), "home_url": home_url(user),
                "panel_menu": lambda: panel_menu(app), "url_with": url_with}
