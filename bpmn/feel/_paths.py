"""Reading into values: path expressions (``a.b``), list filters and indexes, iteration sources."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ._errors import FeelEvaluationError
from ._format import show
from ._ops import is_number
from ._scope import MISSING
from ._temporal import property_of
from ._values import EvalContext, FeelRange, YearsMonthsDuration

_TEMPORAL = (datetime.date, datetime.time, datetime.timedelta, YearsMonthsDuration)
# `for x in 1..n` materialises the numbers: refuse ranges no evaluation could finish.
MAX_RANGE_ITEMS = 10_000_000
_LIMIT = Decimal(10**15)


def get_path(value: Any, name: str, c: EvalContext) -> Any:
    """``value.name``; works on caller data (dicts, lists, tuples) as well as FEEL values."""
    kind = type(value)
    if kind is dict:
        found = value.get(name, MISSING)
        if found is MISSING:
            c.report("NO_CONTEXT_ENTRY_FOUND", _missing_entry(name, value))
            return None
        return found
    if kind is list or kind is tuple:
        return [get_path(item, name, c) for item in value]
    if value is None:
        c.report(
            "NO_CONTEXT_ENTRY_FOUND",
            f"No context entry found with key '{name}'. The context is null",
        )
        return None
    if isinstance(value, _TEMPORAL):
        try:
            return property_of(value, name)
        except FeelEvaluationError as error:
            c.report(error.failure.type, error.failure.message)
            return None
    if isinstance(value, FeelRange):
        return _range_property(value, name, c)
    if isinstance(value, Mapping):
        return get_path(dict(value), name, c)
    c.report(
        "NO_CONTEXT_ENTRY_FOUND",
        f"No context entry found with key '{name}'. The value is '{show(value)}'",
    )
    return None


def _missing_entry(name: str, context: dict[str, Any]) -> str:
    if not context:
        return f"No context entry found with key '{name}'. The context is empty"
    keys = ", ".join(f"'{key}'" for key in list(context)[:20])
    return f"No context entry found with key '{name}'. Available keys: {keys}"


def _range_property(value: FeelRange, name: str, c: EvalContext) -> Any:
    properties = {
        "start": value.start,
        "end": value.end,
        "start included": value.start_included,
        "end included": value.end_included,
    }
    if name in properties:
        return properties[name]
    c.report(
        "NO_PROPERTY_FOUND",
        f"No property found with name '{name}' of value '{show(value)}'. Available properties: "
        "'start', 'end', 'start included', 'end included'",
    )
    return None


def list_index(items: list[Any], index: Any) -> Any:
    """``items[index]``: 1-based, negative from the end, null outside."""
    if type(index) is Decimal and (index != index.to_integral_value() or abs(index) > _LIMIT):
        return None
    position = int(index)
    size = len(items)
    if 0 < position <= size:
        return items[position - 1]
    if 0 < -position <= size:
        return items[position]
    return None


def not_a_list(value: Any, c: EvalContext) -> None:
    c.report("INVALID_TYPE", f"Expected list but found '{show(value)}'")
    return None


def iteration_items(source: Any, end: Any, c: EvalContext) -> list[Any] | None:
    """What ``for``/``some``/``every`` iterate: a list, ``a..b``, or a range of integers."""
    if end is not MISSING:
        return _numbers(source, end, True, True, c)
    if type(source) is list:
        return source
    if isinstance(source, FeelRange) and is_number(source.start) and is_number(source.end):
        return _numbers(source.start, source.end, source.start_included, source.end_included, c)
    not_a_list(source, c)
    return None


def _numbers(start: Any, end: Any, first: bool, last: bool, c: EvalContext) -> list[Any] | None:
    if not (is_number(start) and is_number(end)):
        c.report(
            "INVALID_TYPE",
            f"Expected a range of numbers but found '{show(start)}'..'{show(end)}'",
        )
        return None
    if abs(start - end) >= MAX_RANGE_ITEMS or abs(start) > _LIMIT or abs(end) > _LIMIT:
        c.report("INVALID_TYPE", f"The range {show(start)}..{show(end)} is too large to iterate")
        return None
    if start != int(start) or end != int(end):
        c.report("INVALID_TYPE", f"Expected whole numbers but found '{show(start)}'..'{show(end)}'")
        return None
    low, high = int(start), int(end)
    step = 1 if high >= low else -1
    numbers = range(low if first else low + step, high + step if last else high, step)
    return [Decimal(n) for n in numbers]
