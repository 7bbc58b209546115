"""Who is doing something: every service takes an Actor so audit and access checks know."""
from __future__ import annotations

from dataclasses import dataclass

from core.errors import Forbidden
from core.models.users import Role, User


@dataclass(frozen=True)
class Actor:
    role: Role
    user_id: int | None = None
    center_id: int | None = None  # set for partner staff
    is_center_admin: bool = False  # partner staff who may invite colleagues

    @classmethod
    def of(cls, user: User) -> "Actor":
        return cls(role=user.role, user_id=user.id, center_id=user.center_id,
                   is_center_admin=bool(user.is_center_admin))

    def require(self, *roles: Role) -> None:
        """Raise Forbidden unless the actor has one of `roles` (super admins always pass)."""
        if self.role is Role.SUPER_ADMIN or self.role in roles:
            return
        raise Forbidden(f"{self.role.value} may not do this")

    def require_permission(self, permission: str) -> None:
        """Raise Forbidden unless the actor's role holds `permission` in core.permissions.MATRIX."""
        from core.permissions import allowed_to
        if not allowed_to(self.role, permission, center_admin=self.is_center_admin):
            raise Forbidden(f"{self.role.value} may not use {permission}")

    def require_center(self, center_id: int) -> None:
        """Partner staff reach only their own center's rows; other roles are not center-bound."""
        if self.role is Role.PARTNER_STAFF and self.center_id != center_id:
            raise Forbidden("this booking belongs to another center")

    def require_owner(self, user_id: int) -> None:
        """Patients reach only their own rows."""
        if self.role is Role.PATIENT and self.user_id != user_id:
            raise Forbidden("this booking belongs to another patient")


SYSTEM = Actor(role=Role.SYSTEM)
