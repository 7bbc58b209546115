"""Flask-Admin type formatters built on console.display, for the list, details and export alike."""
from __future__ import annotations

import enum
from datetime import datetime

from flask_admin.contrib.sqla.typefmt import DEFAULT_FORMATTERS
from flask_admin.model.typefmt import DETAIL_FORMATTERS, EXPORT_FORMATTERS

from console import display


def _when(view, value, name):
    return display.ist(value)


def _enum(view, value, name):
    return display.label(value)


def _merged(defaults: dict) -> dict:
    # The first isinstance match wins: datetime before date, Enum before str (our enums are str enums).
    rest = {k: v for k, v in defaults.items() if k not in (datetime, enum.Enum)}
    return {datetime: _when, enum.Enum: _enum, **rest}


LIST = _merged(DEFAULT_FORMATTERS)
DETAIL = _merged(DETAIL_FORMATTERS)
EXPORT = _merged(EXPORT_FORMATTERS)


def rupees(view, context, model, name):
    return display.rupees(getattr(model, name))
