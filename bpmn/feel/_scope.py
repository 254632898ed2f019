"""Name lookup at run time, and the conversion of caller values to FEEL values.

Compiled code sees either the caller's variables mapping itself (the root: values may still be
Python ints, floats, tuples...) or a ``Scope`` layered over it by ``for``, filters, function
calls and context literals. Values bound in a layer are FEEL values already; a value found in the
root is converted on the way out, so callers can pass plain JSON-like data.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._values import FeelFunction, FeelRange, YearsMonthsDuration

MISSING: Any = object()  # a lookup found nothing (distinct from a null value)

_SCALARS = frozenset({Decimal, str, bool, type(None)})
_OPAQUE = (
    datetime.date,
    datetime.time,
    datetime.timedelta,
    YearsMonthsDuration,
    FeelRange,
    FeelFunction,
)


def to_feel(value: Any) -> Any:
    """Convert a caller's value to a FEEL value, allocating only when something must change."""
    kind = type(value)
    if kind in _SCALARS:
        if kind is Decimal and not value.is_finite():
            return None
        return value
    if kind is int:
        return Decimal(value)
    if kind is float:
        return Decimal(repr(value)) if math.isfinite(value) else None
    if kind is list:
        for index, item in enumerate(value):
            if type(item) not in _SCALARS or (type(item) is Decimal and not item.is_finite()):
                converted = value[:index]
                converted.extend(to_feel(x) for x in value[index:])
                return converted
        return value
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or type(item) not in _SCALARS:
                return {str(k): to_feel(v) for k, v in value.items()}
        return value
    if isinstance(value, _OPAQUE):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return Decimal(int(value))
    if isinstance(value, float):
        return to_feel(float(value))
    if isinstance(value, Mapping):
        return {str(k): to_feel(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_feel(x) for x in value]
    if isinstance(value, str):
        return str(value)
    return None


class Scope:
    """One layer of names over a parent scope or over the root variables."""

    __slots__ = ("local", "parent")

    def __init__(self, local: Mapping[str, Any], parent: Any) -> None:
        self.local = local
        self.parent = parent

    def get(self, name: str, default: Any = None) -> Any:
        value = self.local.get(name, MISSING)
        if value is not MISSING:
            return value
        parent = self.parent
        while type(parent) is Scope:
            value = parent.local.get(name, MISSING)
            if value is not MISSING:
                return value
            parent = parent.parent
        value = parent.get(name, MISSING)
        if value is MISSING:
            return default
        return to_feel(value)
