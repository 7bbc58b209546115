"""The console menu's link to the inbox, shown only to those the inbox lets in."""
from flask_admin.menu import MenuLink

from console.auth import current_user
from console.support import SUPPORT_ROLES
from core.models.users import Role


class SupportInboxLink(MenuLink):
    def is_accessible(self) -> bool:
        user = current_user()
        return user is not None and (user.role is Role.SUPER_ADMIN or user.role in SUPPORT_ROLES)


def inbox_link() -> SupportInboxLink:
    return SupportInboxLink(name="Support inbox", endpoint="support.conversations")
