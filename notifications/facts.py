"""The variables a booking's messages are written with (reference, when, where, map link, prep)."""
from __future__ import annotations

from core.catalogue import rupees
from core.clock import show
from core.models import Booking

MAP_URL = "https://maps.google.com/?q={lat:.5f},{lng:.5f}"


def booking(b: Booking) -> dict[str, str]:
    center = b.center
    return {"ref": b.reference, "service": b.service.name, "patient": b.patient_name,
            "when": show(b.slot.starts_at), "center": center.name, "address": center.address,
            "phone": center.phone, "map": MAP_URL.format(lat=center.latitude, lng=center.longitude),
            "amount": rupees(b.price_paise), "prep": b.service.prep_instructions or "No special preparation."}
