"""FEEL's temporal types as the compiler and the built-ins use them.

Values: ``datetime.date``; ``datetime.time`` (naive = local time, or aware with a fixed offset
or a ``ZonedOffset``: a zone id with the offset fixed when the time was made);
``datetime.datetime`` (naive = local date-time, or aware with a fixed offset or a ``ZoneInfo``);
days-time durations as ``datetime.timedelta`` (microsecond precision) and
``YearsMonthsDuration``.
The work lives in ``_temporal_parse`` (lexical forms), ``_temporal_format`` (printing),
``_temporal_arith`` (arithmetic, ordering) and ``_temporal_props`` (properties).
"""

from __future__ import annotations

from ._temporal_arith import add, compare, divide, is_temporal, multiply, subtract
from ._temporal_format import format_temporal, time_offset
from ._temporal_parse import (
    ZonedOffset,
    parse_date,
    parse_date_time,
    parse_duration,
    parse_temporal,
    parse_time,
    parse_zone,
    zone_key,
)
from ._temporal_props import property_names, property_of

__all__ = [
    "ZonedOffset",
    "add",
    "compare",
    "divide",
    "format_temporal",
    "is_temporal",
    "multiply",
    "parse_date",
    "parse_date_time",
    "parse_duration",
    "parse_temporal",
    "parse_time",
    "parse_zone",
    "property_names",
    "property_of",
    "subtract",
    "time_offset",
    "zone_key",
]
