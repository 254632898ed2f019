"""Conversion functions: building dates, times, durations, numbers and strings from other values."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from .._errors import FeelEvaluationError
from .._temporal import (
    parse_date,
    parse_date_time,
    parse_duration,
    parse_time,
    parse_zone,
)
from .._temporal_parse import ZonedOffset, in_zone
from .._values import EvalContext, YearsMonthsDuration
from ._base import DECIMAL, Builtin, fail, illegal, integer, number, string
from ._text import to_json, to_string

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_GROUPING = (" ", ",", ".")
_DECIMAL_SEPARATORS = (",", ".")
_MAX_NUMBER_TEXT = 10_000

_T = TypeVar("_T")


def _parsed(parse: Callable[[str], _T], text: str) -> _T:
    try:
        return parse(text)
    except FeelEvaluationError as error:
        fail(error.failure.message)


def date(ctx: EvalContext, source: object) -> datetime.date:
    if isinstance(source, str):
        return _parsed(parse_date, source)
    if isinstance(source, datetime.datetime):
        return source.date()
    if isinstance(source, datetime.date):
        return source
    illegal(source)


def date_of(ctx: EvalContext, year: object, month: object, day: object) -> datetime.date:
    try:
        return datetime.date(integer(year), integer(month), integer(day))
    except (ValueError, OverflowError):
        fail(f"Failed to parse date from: year={year}, month={month}, day={day}")


def time(ctx: EvalContext, source: object) -> datetime.time:
    if isinstance(source, str):
        return _parsed(parse_time, source)
    if isinstance(source, datetime.datetime):
        if isinstance(source.tzinfo, ZoneInfo):
            offset = source.utcoffset() or datetime.timedelta(0)
            return source.time().replace(tzinfo=ZonedOffset(source.tzinfo.key, offset))
        return source.timetz()
    if isinstance(source, datetime.date):
        return datetime.time(0, 0, tzinfo=datetime.UTC)
    illegal(source)


def time_of(
    ctx: EvalContext, hour: object, minute: object, second: object, offset: object = None
) -> datetime.time:
    seconds = number(second)
    zone: datetime.tzinfo | None = None
    if isinstance(offset, datetime.timedelta):
        if abs(offset) > datetime.timedelta(hours=18):
            fail(f"offset out of range: {to_string(offset)}")
        zone = datetime.UTC if not offset else datetime.timezone(offset)
    elif offset is not None:
        illegal(hour, minute, second, offset)
    try:
        micros = int((seconds % 1) * 1_000_000)
        return datetime.time(integer(hour), integer(minute), integer(seconds), micros, zone)
    except (ValueError, OverflowError, InvalidOperation):
        kind = "local-time" if offset is None else "time"
        fail(f"Failed to parse {kind} from: hour={hour}, minute={minute}, second={second}")


def date_and_time(ctx: EvalContext, source: object) -> datetime.datetime:
    if isinstance(source, str):
        return _parsed(parse_date_time, source)
    illegal(source)


def _combine(day: datetime.date, clock: datetime.time) -> datetime.datetime:
    combined = datetime.datetime.combine(day, clock.replace(tzinfo=None))
    try:
        if isinstance(clock.tzinfo, ZonedOffset):
            # The zone decides the offset on that date, as Java's LocalDateTime.atZone.
            return in_zone(combined, ZoneInfo(clock.tzinfo.key))
        return combined if clock.tzinfo is None else in_zone(combined, clock.tzinfo)
    except OverflowError:
        fail("date and time out of range")


def date_and_time_of(ctx: EvalContext, first: object, second: object) -> datetime.datetime:
    """``date and time(date, time)``, or ``date and time(date and time, timezone)``."""
    if isinstance(first, datetime.date) and isinstance(second, datetime.time):
        day = first.date() if isinstance(first, datetime.datetime) else first
        return _combine(day, second)
    if isinstance(first, datetime.datetime) and isinstance(second, str):
        zone = _parsed(parse_zone, second)
        try:
            return in_zone(first, zone) if first.tzinfo is None else first.astimezone(zone)
        except OverflowError:
            fail("date and time out of range")
    illegal(first, second)


def duration(ctx: EvalContext, source: object) -> object:
    if isinstance(source, str):
        return _parsed(parse_duration, source)
    illegal(source)


def _day(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def years_and_months_duration(ctx: EvalContext, start: object, end: object) -> object:
    first, last = _day(start), _day(end)
    if first is None or last is None:
        illegal(start, end)
    months = (last.year * 12 + last.month) - (first.year * 12 + first.month)
    if months > 0 and last.day < first.day:
        months -= 1
    elif months < 0 and last.day > first.day:
        months += 1
    return YearsMonthsDuration(months)


def _to_number(text: str) -> Decimal:
    if len(text) > _MAX_NUMBER_TEXT or not _NUMBER.fullmatch(text):
        fail(f"Can't parse '{text[:100]}' as a number")
    try:
        return DECIMAL.create_decimal(text)
    except ArithmeticError:
        fail(f"Can't parse '{text[:100]}' as a number")


def number_from(
    ctx: EvalContext, source: object, grouping: object = None, decimal: object = None
) -> Decimal:
    text = string(source)
    if grouping is not None:
        if grouping not in _GROUPING:
            fail("illegal argument for grouping. Must be one of ' ', ',' or '.'")
        text = text.replace(string(grouping), "")
    if decimal is not None:
        if decimal not in _DECIMAL_SEPARATORS or decimal == grouping:
            fail(
                "illegal arguments for grouping or decimal. "
                "Must be one of ' ' (grouping only), ',' or '.'"
            )
        text = text.replace(string(decimal), ".")
    return _to_number(text)


def string_of(ctx: EvalContext, source: object) -> str | None:
    try:
        return None if source is None else to_string(source)
    except RecursionError:
        fail("the value is nested too deeply to print")


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"not a JSON number: {name}")


def from_json(ctx: EvalContext, source: object) -> Any:
    text = string(source)
    try:
        return json.loads(
            text,
            parse_float=DECIMAL.create_decimal,
            parse_int=DECIMAL.create_decimal,
            parse_constant=_refuse_constant,
        )
    except (ValueError, RecursionError, ArithmeticError):
        shown = text if len(text) <= 100 else text[:100] + "..."
        fail(f"Failed to parse JSON from '{shown}'")


def to_json_of(ctx: EvalContext, value: object) -> str:
    try:
        return to_json(value)
    except RecursionError:
        fail("the value is nested too deeply to write as JSON")


BUILTINS = [
    Builtin("date", ("from",), date),
    Builtin("date", ("year", "month", "day"), date_of),
    Builtin("time", ("from",), time),
    Builtin("time", ("hour", "minute", "second", "offset"), time_of, optional=1),
    Builtin("date and time", ("from",), date_and_time),
    Builtin("date and time", ("date", "time"), date_and_time_of),
    Builtin("date and time", ("date", "timezone"), date_and_time_of),
    Builtin("duration", ("from",), duration),
    Builtin("years and months duration", ("from", "to"), years_and_months_duration),
    Builtin("number", ("from", "grouping separator", "decimal separator"), number_from, optional=2),
    Builtin("string", ("from",), string_of),
    Builtin("from json", ("value",), from_json),
    Builtin("to json", ("value",), to_json_of),
]
