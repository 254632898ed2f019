"""Any FEEL value as feel-scala's ``string()`` prints it, and as JSON for ``to json``."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .._temporal import format_temporal
from .._values import FeelFunction, FeelRange

# Nesting deeper than this is refused rather than risking Python's recursion limit.
_MAX_DEPTH = 200


def format_number(value: Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    # 1E+3 (1000 normalised) reads as 1000, as feel-scala prints integers.
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0 and value.adjusted() < 40:
        return str(int(value))
    return str(value)


def _range(value: FeelRange, depth: int) -> str:
    if value.start is None and value.end is not None:
        return ("<= " if value.end_included else "< ") + _show(value.end, depth + 1, True)
    if value.end is None and value.start is not None:
        return (">= " if value.start_included else "> ") + _show(value.start, depth + 1, True)
    opening = "[" if value.start_included else "("
    closing = "]" if value.end_included else ")"
    start = _show(value.start, depth + 1, True)
    end = _show(value.end, depth + 1, True)
    return f"{opening}{start}..{end}{closing}"


def _show(value: Any, depth: int, nested: bool) -> str:
    if depth > _MAX_DEPTH:
        raise RecursionError("value nested too deeply")
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return format_number(value)
    if isinstance(value, str):
        return f'"{value}"' if nested else value  # feel-scala quotes without escaping
    if isinstance(value, list):
        return "[" + ", ".join(_show(item, depth + 1, True) for item in value) + "]"
    if isinstance(value, dict):
        entries = (f"{key}:{_show(item, depth + 1, True)}" for key, item in value.items())
        return "{" + ", ".join(entries) + "}"
    if isinstance(value, FeelRange):
        return _range(value, depth)
    if isinstance(value, FeelFunction):
        return f"function({', '.join(value.parameters)})"
    text = format_temporal(value)
    return text if text is not None else str(value)


def to_string(value: Any) -> str:
    """The text of ``string(value)``; a string stays as it is, null prints as ``null``."""
    return _show(value, 0, False)


def _json_value(value: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        raise RecursionError("value nested too deeply")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, Decimal | int):
        return _RawNumber(format_number(value))
    if isinstance(value, list):
        return [_json_value(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {str(key): _json_value(item, depth + 1) for key, item in value.items()}
    iso = format_temporal(value, iso=True)
    return iso if iso is not None else _show(value, depth, False)


class _RawNumber(str):
    """A number already printed, written into JSON without quotes."""


def _write(value: Any, out: list[str]) -> None:
    if isinstance(value, _RawNumber):
        out.append(str(value))
    elif isinstance(value, list):
        out.append("[")
        for index, item in enumerate(value):
            if index:
                out.append(",")
            _write(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append("{")
        for index, (key, item) in enumerate(value.items()):
            if index:
                out.append(",")
            out.append(json.dumps(key, ensure_ascii=False) + ":")
            _write(item, out)
        out.append("}")
    else:
        out.append(json.dumps(value, ensure_ascii=False))


def to_json(value: Any) -> str:
    """Compact JSON as feel-scala's ``to json`` writes it; temporal values as ISO strings."""
    out: list[str] = []
    _write(_json_value(value, 0), out)
    return "".join(out)
