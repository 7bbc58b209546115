"""The catalogue of scans (MRI knee, CT brain...) with a pricing template and prep instructions."""
from __future__ import annotations

import enum

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from core.db import Base
from core.models.enums import str_enum


class Modality(str, enum.Enum):
    MRI = "MRI"
    CT = "CT"
    PET_CT = "PET-CT"
    ULTRASOUND = "Ultrasound"
    XRAY = "X-ray"
    MAMMOGRAPHY = "Mammography"
    DEXA = "DEXA"


class Service(Base):
    __tablename__ = "services"
    __table_args__ = (
        # The template bounds what any center may charge; a center price outside it is a data error.
        CheckConstraint(
            "0 < min_price_paise AND min_price_paise <= base_price_paise "
            "AND base_price_paise <= max_price_paise",
            name="price_template_ordered",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    modality: Mapped[Modality] = mapped_column(str_enum(Modality))
    body_part: Mapped[str] = mapped_column(String(60))
    base_price_paise: Mapped[int] = mapped_column(Integer)
    min_price_paise: Mapped[int] = mapped_column(Integer)
    max_price_paise: Mapped[int] = mapped_column(Integer)
    duration_minutes: Mapped[int] = mapped_column(Integer, default=30)
    prep_instructions: Mapped[str] = mapped_column(Text, default="")
    report_turnaround_hours: Mapped[int] = mapped_column(Integer, default=24)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self) -> str:  # how the console shows it
        return self.name
