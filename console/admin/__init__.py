"""Flask-Admin console: one Admin, views registered with unique endpoints."""
from __future__ import annotations

from flask import Flask
from flask_admin import Admin
from flask_admin.theme import Bootstrap4Theme

from console.admin.base import HomeView
from console.admin.views import (AuditView, BookingView, CenterView, CityView, ServiceView, SlotView,
                                 UserView)
from console.support.menu import inbox_link
from core.models import AuditEntry, Booking, Center, City, Service, Slot, User


def init_admin(app: Flask, db) -> Admin:
    admin = Admin(app, name="MedEzy console", url="/", index_view=HomeView(url="/", endpoint="admin"),
                  theme=Bootstrap4Theme(base_template="admin/base.html"))
    admin.add_view(BookingView(Booking, db, name="Bookings", endpoint="bookings"))
    admin.add_view(SlotView(Slot, db, name="Slots", endpoint="slots"))
    admin.add_view(CenterView(Center, db, name="Centers", endpoint="centers", category="Catalogue"))
    admin.add_view(ServiceView(Service, db, name="Services", endpoint="services", category="Catalogue"))
    admin.add_view(CityView(City, db, name="Cities", endpoint="cities", category="Catalogue"))
    admin.add_view(UserView(User, db, name="Users", endpoint="users", category="Admin"))
    admin.add_view(AuditView(AuditEntry, db, name="Audit log", endpoint="audit", category="Admin"))
    admin.add_link(inbox_link())
    return admin
