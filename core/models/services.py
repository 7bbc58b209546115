"""The catalogue of scans (MRI knee, CT brain...) with a pricing template and prep instructions."""
from __future__ import annotations

import enum

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, String, Text, UniqueConstraint
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
    prep_instructions: Mapped[str] = mapped_column(Text, default="")  # English
    prep_instructions_hi: Mapped[str] = mapped_column(Text, default="")  # Hindi
    needs_contrast: Mapped[bool] = mapped_column(Boolean, default=False)
    needs_fasting: Mapped[bool] = mapped_column(Boolean, default=False)
    report_turnaround_hours: Mapped[int] = mapped_column(Integer, default=24)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)

    def __str__(self) -> str:  # how the console shows it
        return self.name


class ServiceCityAdjustment(Base):
    """A city's adjustment of a service's pricing template, in basis points (+1500 = 15% dearer)."""

    __tablename__ = "service_city_adjustments"
    __table_args__ = (
        # One adjustment per service and city, so the bounds a center price must respect are unambiguous.
        UniqueConstraint("service_id", "city_id", name="uq_service_city_adjustments_service_city"),
        # Within -50%..+100%: beyond that it is a different service, not a city's price level.
        CheckConstraint("adjustment_bps BETWEEN -5000 AND 10000", name="adjustment_in_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    city_id: Mapped[int] = mapped_column(ForeignKey("cities.id"))
    adjustment_bps: Mapped[int] = mapped_column(Integer)
