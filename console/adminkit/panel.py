"""One Flask-Admin instance per staff panel, each with its own URL space, endpoint prefix and menu, all on
the shared layout (console/templates/layout.html through panel/flask_admin.html).

Flask-Admin facts this relies on (shared/reference/flask-admin.md §1): each Admin needs a unique `url`
and `endpoint`; a custom index view must be given the same url and endpoint; every view's endpoint is a
global blueprint name, so views carry the panel's prefix.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_admin import Admin, AdminIndexView, expose
from flask_admin.menu import MenuLink
from flask_admin.theme import Bootstrap4Theme

from console.access import can, refuse
from console.security import csp_nonce


class PanelHome(AdminIndexView):
    """A panel's landing page, gated by the panel's permission."""

    def __init__(self, *, permission: str, template: str, context=None, **kwargs):
        super().__init__(**kwargs)
        self.permission, self.template, self.context = permission, template, context

    def is_accessible(self) -> bool:
        return can(self.permission)

    def inaccessible_callback(self, name, **kwargs):
        return refuse(self.permission)

    @expose("/")
    def index(self):
        return self.render(self.template, **(self.context() if self.context else {}))


class PermissionLink(MenuLink):
    """A menu link shown only to users holding `permission` (MenuLink itself checks nothing)."""

    def __init__(self, name: str, *, permission: str, **kwargs):
        super().__init__(name, **kwargs)
        self.permission = permission

    def is_accessible(self) -> bool:
        return can(self.permission)


@dataclass
class Panel:
    key: str  # url prefix and endpoint
    title: str
    permission: str
    admin: Admin
    badges: Callable[[], dict[str, int]] | None = None  # {menu item name: count to show beside it}

    def add(self, view) -> None:
        view.panel_permission = self.permission
        self.admin.add_view(view)

    def link(self, name: str, *, endpoint: str, permission: str, category: str | None = None) -> None:
        self.admin.add_link(PermissionLink(name, endpoint=endpoint, permission=permission, category=category))


def make_panel(app: Flask, *, key: str, title: str, permission: str, home_template: str,
               endpoint: str | None = None, context=None) -> Panel:
    endpoint = endpoint or key
    home = PanelHome(permission=permission, template=home_template, context=context, name="Home",
                     url=f"/{key}", endpoint=endpoint)
    admin = Admin(app, name=f"MedEzy {title}", url=f"/{key}", endpoint=endpoint, index_view=home,
                  theme=Bootstrap4Theme(base_template="panel/flask_admin.html", fluid=True),
                  csp_nonce_generator=csp_nonce)
    panel = Panel(key=key, title=title, permission=permission, admin=admin)
    app.extensions.setdefault("medezy_panels", {})[key] = panel
    return panel


@dataclass(frozen=True)
class MenuItem:
    name: str
    url: str
    active: bool
    children: tuple["MenuItem", ...] = ()
    badge: int = 0  # e.g. the partner's paid bookings awaiting confirmation, beside "Schedule"


def menu_of(panel: Panel) -> list[MenuItem]:
    """The panel's menu as the layout renders it: only what the signed-in user may open."""
    items = []
    counts = panel.badges() if panel.badges else {}
    for item in [*panel.admin.menu(), *panel.admin.menu_links()]:
        if item.is_category():
            children = tuple(_item(child, counts) for child in item.get_children())
            if children:
                items.append(MenuItem(item.name, "", any(c.active for c in children), children))
        elif item.is_accessible() and item.is_visible():
            items.append(_item(item, counts))
    return items


def _item(item, counts: dict[str, int]) -> MenuItem:
    url = item.get_url()
    return MenuItem(item.name, url, _active(url), badge=counts.get(item.name, 0))


def _active(url: str) -> bool:
    path = request.path
    return path == url or (url.count("/") > 2 and path.startswith(url))


def url_with(**changes) -> str:
    """This page's URL with some query arguments changed (None removes one); for pagers and toggles."""
    args = request.args.to_dict()
    for name, value in changes.items():
        if value is None:
            args.pop(name, None)
        else:
            args[name] = value
    return url_for(request.endpoint, **(request.view_args or {}), **args)
