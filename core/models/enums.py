"""Helper for storing str enums portably: a VARCHAR with a CHECK constraint, not a native ENUM."""
from __future__ import annotations

import enum

from sqlalchemy import Enum


def str_enum(cls: type[enum.Enum], length: int = 20, *, name: str | None = None) -> Enum:
    """`name` must be unique within a table when one table has two columns of the same enum."""
    return Enum(cls, native_enum=False, length=length, create_constraint=True,
                name=name or cls.__name__.lower(), values_callable=lambda e: [m.value for m in e])
