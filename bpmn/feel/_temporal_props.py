"""Properties of temporal values (``date.year``, ``duration.hours``, ``time.time offset``).

Unknown names raise NO_PROPERTY_FOUND with feel-scala's message, which lists the available
properties in feel-scala's order.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ._errors import FeelEvaluationError
from ._temporal_format import format_temporal, time_offset
from ._temporal_parse import zone_key
from ._values import YearsMonthsDuration

Getter = Callable[[Any], object]


def _zone_id(value: datetime.time | datetime.datetime) -> str | None:
    return zone_key(value.tzinfo)


def _duration_parts(value: datetime.timedelta) -> tuple[int, int, int, int]:
    """Days, hours, minutes and seconds of a duration, each carrying the duration's sign."""
    micros = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    sign = -1 if micros < 0 else 1
    seconds = abs(micros) // 1_000_000
    days, seconds = divmod(seconds, 86_400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return sign * days, sign * hours, sign * minutes, sign * seconds


def _n(value: int) -> Decimal:
    return Decimal(value)


_DATE: dict[str, Getter] = {
    "year": lambda v: _n(v.year),
    "month": lambda v: _n(v.month),
    "day": lambda v: _n(v.day),
    "weekday": lambda v: _n(v.isoweekday()),
}

_TIME: dict[str, Getter] = {
    "timezone": _zone_id,
    "second": lambda v: _n(v.second),
    "time offset": time_offset,
    "minute": lambda v: _n(v.minute),
    "hour": lambda v: _n(v.hour),
}

_DATE_TIME: dict[str, Getter] = {
    "timezone": _zone_id,
    "year": lambda v: _n(v.year),
    "second": lambda v: _n(v.second),
    "month": lambda v: _n(v.month),
    "day": lambda v: _n(v.day),
    "time offset": lambda v: v.utcoffset(),
    "weekday": lambda v: _n(v.isoweekday()),
    "minute": lambda v: _n(v.minute),
    "hour": lambda v: _n(v.hour),
}

_YEARS_MONTHS: dict[str, Getter] = {
    "years": lambda v: _n(v.years_part),
    "months": lambda v: _n(v.months_part),
}

_DAYS_TIME: dict[str, Getter] = {
    "days": lambda v: _n(_duration_parts(v)[0]),
    "hours": lambda v: _n(_duration_parts(v)[1]),
    "minutes": lambda v: _n(_duration_parts(v)[2]),
    "seconds": lambda v: _n(_duration_parts(v)[3]),
}


def _properties(value: object) -> dict[str, Getter] | None:
    if isinstance(value, datetime.datetime):
        return _DATE_TIME
    if isinstance(value, datetime.date):
        return _DATE
    if isinstance(value, datetime.time):
        return _TIME
    if isinstance(value, datetime.timedelta):
        return _DAYS_TIME
    if isinstance(value, YearsMonthsDuration):
        return _YEARS_MONTHS
    return None


def property_names(value: object) -> tuple[str, ...]:
    """The property names of a temporal value; empty for any other value."""
    properties = _properties(value)
    return () if properties is None else tuple(properties)


def property_of(value: object, name: str) -> object:
    properties = _properties(value)
    getter = None if properties is None else properties.get(name)
    if getter is None:
        available = ", ".join(f"'{key}'" for key in properties or ())
        raise FeelEvaluationError(
            "NO_PROPERTY_FOUND",
            f"No property found with name '{name}' of value '{format_temporal(value)}'. "
            f"Available properties: {available}",
        )
    return getter(value)
