"""Printing temporal values exactly as feel-scala's ``string()`` and ``to json`` do.

``string()`` shows a zoned value with its zone id only (``2012-12-24T23:59:00@Europe/Berlin``);
the ISO form used by ``to json`` keeps the offset and brackets the zone
(``2012-12-24T23:59:00+01:00[Europe/Berlin]``). A zero offset prints as ``Z``.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from ._temporal_parse import zone_key
from ._values import YearsMonthsDuration


def format_date(value: datetime.date) -> str:
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def _clock(value: datetime.time | datetime.datetime) -> str:
    text = f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
    if value.microsecond:
        text += "." + f"{value.microsecond:06d}".rstrip("0")
    return text


def format_offset(offset: datetime.timedelta) -> str:
    total = int(offset.total_seconds())
    if total == 0:
        return "Z"
    sign = "-" if total < 0 else "+"
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{sign}{hours:02d}:{minutes:02d}"
    return text + f":{seconds:02d}" if seconds else text


def time_offset(value: datetime.time) -> datetime.timedelta | None:
    return value.utcoffset()


def format_time(value: datetime.time, iso: bool = False) -> str:
    text = _clock(value)
    offset = value.utcoffset()
    if offset is None:
        return text
    key = zone_key(value.tzinfo)
    if key is None:
        return text + format_offset(offset)
    return f"{text}{format_offset(offset)}[{key}]" if iso else f"{text}@{key}"


def format_date_time(value: datetime.datetime, iso: bool = False) -> str:
    text = f"{format_date(value)}T{_clock(value)}"
    if isinstance(value.tzinfo, ZoneInfo):
        shown = format_offset(value.utcoffset() or datetime.timedelta(0))
        return f"{text}{shown}[{value.tzinfo.key}]" if iso else f"{text}@{value.tzinfo.key}"
    offset = value.utcoffset()
    return text if offset is None else text + format_offset(offset)


def format_days_time(value: datetime.timedelta) -> str:
    """Days, hours, minutes and whole seconds: feel-scala prints no fraction of a second."""
    seconds = value.days * 86_400 + value.seconds  # floored, as Java's Duration.getSeconds
    if seconds == 0:
        return "P0D"
    sign = "-" if seconds < 0 else ""
    days, rest = divmod(abs(seconds), 86_400)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    clock = "".join(
        f"{amount}{unit}" for amount, unit in ((hours, "H"), (minutes, "M"), (rest, "S")) if amount
    )
    text = f"{sign}P{days}D" if days else f"{sign}P"
    return text + "T" + clock if clock else text


def format_years_months(value: YearsMonthsDuration) -> str:
    return str(value)


def format_temporal(value: object, iso: bool = False) -> str | None:
    """The text of a temporal value, or None when ``value`` is not temporal."""
    if isinstance(value, datetime.datetime):
        return format_date_time(value, iso)
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, datetime.time):
        return format_time(value, iso)
    if isinstance(value, datetime.timedelta):
        return format_days_time(value)
    if isinstance(value, YearsMonthsDuration):
        return format_years_months(value)
    return None
