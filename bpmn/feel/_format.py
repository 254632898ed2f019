"""Values written the way feel-scala writes them in failure messages (``'"a"'``, ``'[1, 2]'``)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from ._temporal import format_temporal
from ._values import FeelFunction, FeelRange


def show(value: Any, limit: int = 200) -> str:
    text = _show(value, 0)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def show_number(value: Decimal | int) -> str:
    if isinstance(value, int):
        return str(value)
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1))) if abs(value) < Decimal("1e40") else str(value)
    return format(value.normalize(), "f")


def _show(value: Any, depth: int) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, Decimal | int):
        return show_number(value)
    if isinstance(value, str):
        return f'"{value}"'
    if depth > 5:
        return "..."
    if isinstance(value, list):
        return "[" + ", ".join(_show(x, depth + 1) for x in value[:50]) + "]"
    if isinstance(value, dict):
        items = list(value.items())[:50]
        return "{" + ", ".join(f"{k}:{_show(v, depth + 1)}" for k, v in items) + "}"
    if isinstance(value, FeelRange):
        left = "[" if value.start_included else "("
        right = "]" if value.end_included else ")"
        return f"{left}{_show(value.start, depth + 1)}..{_show(value.end, depth + 1)}{right}"
    if isinstance(value, FeelFunction):
        return f"function({', '.join(value.parameters)})"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return _show_temporal(value)
    return str(value)


def _show_temporal(value: Any) -> str:
    text = format_temporal(value)
    if text is not None:
        return text
    if isinstance(value, datetime.timedelta):
        return _show_timedelta(value)
    return value.isoformat()  # type: ignore[no-any-return]


def _show_timedelta(value: datetime.timedelta) -> str:
    total = value.days * 86400 + value.seconds
    sign = "-" if total < 0 or (total == 0 and value.microseconds < 0) else ""
    micros = abs(total * 1_000_000 + value.microseconds)
    seconds, micro = divmod(micros, 1_000_000)
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{sign}P"
    if days:
        text += f"{days}D"
    if hours or minutes or seconds or micro or not days:
        text += "T"
        if hours:
            text += f"{hours}H"
        if minutes:
            text += f"{minutes}M"
        if seconds or micro or not (hours or minutes):
            text += f"{seconds}.{micro:06d}".rstrip("0").rstrip(".") + "S"
    return text
