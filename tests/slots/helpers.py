"""Slot CSV builders for the import tests: a future India date and rows for one center and service."""
from __future__ import annotations

from datetime import timedelta

from core.clock import IST, now_utc

HEADER = "center,service,date,start,end,slot_minutes,capacity"


def future_day(days: int = 10) -> str:
    return (now_utc().astimezone(IST).date() + timedelta(days=days)).isoformat()


def csv_file(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def row(center, service, day=None, start="09:00", end="10:00", minutes=30, capacity=1) -> str:
    return f"{center.code},{service.code},{day or future_day()},{start},{end},{minutes},{capacity}"
