"""Cities MedEzy serves. state_code feeds GST place of supply."""
from __future__ import annotations

from sqlalchemy import Boolean, String
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base


class City(Base):
    __tablename__ = "cities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    state: Mapped[str] = mapped_column(String(80))
    state_code: Mapped[str] = mapped_column(String(2))  # GST state code, e.g. "27" Maharashtra
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self) -> str:  # how the console shows it
        return self.name
