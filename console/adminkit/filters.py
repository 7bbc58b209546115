"""Enum filters that work on our columns.

Our enums are stored by value (`values_callable` in core.models.enums.str_enum), but Flask-Admin 2.2.1's
Enum filters offer the stored values and then look the choice up by member *name*
(`enum_class["held"]`), a KeyError and a 500 for every status-like filter. These filters look members
up by value, offer human labels, and turn an unknown value into ValueError, which Flask-Admin reports as
"Invalid Filter Value" and ignores (reference: shared/reference/flask-admin.md §5, option C).
"""
from __future__ import annotations

from flask_admin.contrib.sqla import filters as sqla
from flask_admin.model.filters import convert

from console.display import label


def _member(enum_class, value):
    if isinstance(value, enum_class):
        return value
    try:
        return enum_class(value)
    except ValueError:
        raise ValueError(f"{value!r} is not one of the choices") from None


class ValueEqual(sqla.EnumEqualFilter):
    def clean(self, value):
        return _member(self.enum_class, value)


class ValueNotEqual(sqla.EnumFilterNotEqual):
    def clean(self, value):
        return _member(self.enum_class, value)


class ValueInList(sqla.EnumFilterInList):
    def clean(self, value):
        return [_member(self.enum_class, v) for v in sqla.FilterInList.clean(self, value)]


class ValueNotInList(sqla.EnumFilterNotInList):
    def clean(self, value):
        return [_member(self.enum_class, v) for v in sqla.FilterNotInList.clean(self, value)]


class FilterConverter(sqla.FilterConverter):
    enum = (ValueEqual, ValueNotEqual, sqla.EnumFilterEmpty, ValueInList, ValueNotInList)

    @convert("enum")  # must be declared again on the override, or the converter loses the type
    def conv_enum(self, column, name, options=None, **kwargs):
        if not options:
            options = [(member.value, label(member)) for member in column.type.enum_class]
        return [f(column, name, options, **kwargs) for f in self.enum]
