"""Public pages anyone can open without signing in: home (banners), FAQ, city/scan landing pages with live
prices and free slots, and the blog, each with a "Book on WhatsApp" link."""
from flask import Blueprint

blueprint = Blueprint("public", __name__, template_folder="templates")

from console.public import views  # noqa: E402,F401 - routes register on import
