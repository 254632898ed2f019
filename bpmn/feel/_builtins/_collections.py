"""Helpers for list functions: variadic arguments and FEEL-equality membership in linear time."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from .._equality import feel_equal
from .._values import YearsMonthsDuration
from ._base import is_number

_HASHABLE = (str, datetime.date, datetime.time, datetime.timedelta, YearsMonthsDuration)


def items_of(args: Any) -> list[Any]:
    """The items of a variadic call: ``max(1, 2)`` and ``max([1, 2])`` both give ``[1, 2]``."""
    if isinstance(args, list):
        if len(args) == 1 and isinstance(args[0], list):
            return args[0]
        return args
    return [args]


def _key(value: Any) -> object | None:
    """A hash key that agrees with ``feel_equal``; None for values compared one by one."""
    if value is None:
        return ("null",)
    if isinstance(value, bool):
        return ("boolean", value)
    if is_number(value):
        return ("number", Decimal(value))
    if isinstance(value, datetime.datetime):
        return ("date and time", value.tzinfo is None, value)
    if isinstance(value, _HASHABLE):
        return (type(value).__name__, value)
    return None


class FeelSet:
    """Values seen so far, compared with FEEL equality (``1 = 1.0``, ``{a: 1} = {a: 1}``)."""

    def __init__(self, values: Iterable[Any] = ()) -> None:
        self._keys: set[object] = set()
        self._others: list[Any] = []
        for value in values:
            self.add(value)

    def __contains__(self, value: Any) -> bool:
        key = _key(value)
        if key is not None:
            return key in self._keys
        return any(feel_equal(value, other) is True for other in self._others)

    def add(self, value: Any) -> None:
        key = _key(value)
        if key is not None:
            self._keys.add(key)
        elif value not in self:
            self._others.append(value)
