"""Arithmetic and ordering of temporal values, following feel-scala.

Two Python behaviours are avoided on purpose: adding a ``timedelta`` to a datetime in a
``ZoneInfo`` zone moves the wall clock (Java's ``ZonedDateTime.plus(Duration)`` moves the
instant), and subtracting or comparing two datetimes sharing a tzinfo ignores their offsets.
Both go through UTC here.
"""

from __future__ import annotations

import calendar
import datetime
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import Any
from zoneinfo import ZoneInfo

from ._errors import FeelEvaluationError
from ._temporal_format import time_offset
from ._temporal_parse import in_zone
from ._values import YearsMonthsDuration

_DECIMAL = Context(prec=34)
_DAY_MICROS = 86_400_000_000


def _is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def _micros(value: datetime.timedelta) -> int:
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def _type_name(value: object) -> str:
    if isinstance(value, datetime.datetime):
        return "date and time"
    if isinstance(value, datetime.date):
        return "date"
    if isinstance(value, datetime.time):
        return "time"
    if isinstance(value, datetime.timedelta):
        return "days and time duration"
    if isinstance(value, YearsMonthsDuration):
        return "years and months duration"
    return type(value).__name__


def _unsupported(operator: str, a: object, b: object) -> FeelEvaluationError:
    return FeelEvaluationError(
        "INVALID_TYPE",
        f"Expected to apply '{operator}' to {_type_name(a)} and {_type_name(b)}, "
        "but it is not supported",
    )


def _out_of_range(operator: str) -> FeelEvaluationError:
    return FeelEvaluationError("INVALID_TYPE", f"The result of '{operator}' is out of range")


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC)


def _plus_micros(value: object, micros: int) -> object:
    delta = datetime.timedelta(microseconds=micros)
    if isinstance(value, datetime.datetime):
        if isinstance(value.tzinfo, ZoneInfo):
            return (_utc(value) + delta).astimezone(value.tzinfo)
        return value + delta
    if isinstance(value, datetime.date):
        return (datetime.datetime.combine(value, datetime.time()) + delta).date()
    if isinstance(value, datetime.time):
        of_day = (value.hour * 3600 + value.minute * 60 + value.second) * 1_000_000
        of_day = (of_day + value.microsecond + micros) % _DAY_MICROS
        seconds, fraction = divmod(of_day, 1_000_000)
        return datetime.time(
            seconds // 3600, seconds // 60 % 60, seconds % 60, fraction, tzinfo=value.tzinfo
        )
    raise TypeError(value)


def _plus_months(value: object, months: int) -> object:
    assert isinstance(value, datetime.date)
    total = value.year * 12 + value.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    if not 1 <= year <= 9999:
        raise OverflowError(year)
    day = min(value.day, calendar.monthrange(year, month)[1])
    moved = value.replace(year=year, month=month, day=day)
    if isinstance(moved, datetime.datetime) and isinstance(moved.tzinfo, ZoneInfo):
        return in_zone(moved.replace(tzinfo=None), moved.tzinfo)
    return moved


def _shift(operator: str, value: object, amount: object, sign: int) -> object:
    try:
        if isinstance(amount, datetime.timedelta):
            return _plus_micros(value, sign * _micros(amount))
        assert isinstance(amount, YearsMonthsDuration)
        return _plus_months(value, sign * amount.months)
    except (OverflowError, ValueError) as error:
        raise _out_of_range(operator) from error


def _is_point(value: object) -> bool:
    return isinstance(value, datetime.date | datetime.time)


def _is_duration(value: object) -> bool:
    return isinstance(value, datetime.timedelta | YearsMonthsDuration)


def add(a: object, b: object) -> object:
    if isinstance(a, datetime.timedelta) and isinstance(b, datetime.timedelta):
        try:
            return a + b
        except OverflowError as error:
            raise _out_of_range("+") from error
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months + b.months)
    if isinstance(a, datetime.time) and isinstance(b, YearsMonthsDuration):
        raise _unsupported("+", a, b)  # a time has no months
    if isinstance(b, datetime.time) and isinstance(a, YearsMonthsDuration):
        raise _unsupported("+", a, b)
    if _is_point(a) and _is_duration(b):
        return _shift("+", a, b, 1)
    if _is_duration(a) and _is_point(b):
        return _shift("+", b, a, 1)
    raise _unsupported("+", a, b)


def _time_micros(value: datetime.time) -> int:
    micros = (value.hour * 3600 + value.minute * 60 + value.second) * 1_000_000
    offset = time_offset(value)
    return micros + value.microsecond - (0 if offset is None else _micros(offset))


def subtract(a: object, b: object) -> object:
    if isinstance(a, datetime.timedelta) and isinstance(b, datetime.timedelta):
        try:
            return a - b
        except OverflowError as error:
            raise _out_of_range("-") from error
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return YearsMonthsDuration(a.months - b.months)
    if isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime):
        if (a.tzinfo is None) != (b.tzinfo is None):
            raise _unsupported("-", a, b)
        return a - b if a.tzinfo is None else _utc(a) - _utc(b)
    if isinstance(a, datetime.date) and isinstance(b, datetime.date):
        if isinstance(a, datetime.datetime) or isinstance(b, datetime.datetime):
            raise _unsupported("-", a, b)
        return datetime.timedelta(days=a.toordinal() - b.toordinal())
    if isinstance(a, datetime.time) and isinstance(b, datetime.time):
        if (a.tzinfo is None) != (b.tzinfo is None):
            raise _unsupported("-", a, b)
        difference = _time_micros(a) - _time_micros(b)
        # feel-scala's ZonedTime.between is the absolute distance; local times keep the sign.
        if a.tzinfo is not None:
            difference = abs(difference)
        return datetime.timedelta(microseconds=difference)
    if isinstance(a, datetime.time) and isinstance(b, YearsMonthsDuration):
        raise _unsupported("-", a, b)
    if _is_point(a) and _is_duration(b):
        return _shift("-", a, b, -1)
    raise _unsupported("-", a, b)


def _bounded_int(value: Decimal) -> int:
    # No duration has more than 10**25 microseconds; int() of 1E+999999 would take long.
    if not value.is_finite() or value.adjusted() > 25:
        raise OverflowError(value)
    return int(value)


def _truncated_div(a: int, b: int) -> int:
    """Integer division toward zero, as Java's ``long / long``."""
    quotient = abs(a) // abs(b)
    return quotient if (a < 0) == (b < 0) else -quotient


def _millis(value: datetime.timedelta) -> int:
    return _micros(value) // 1000  # floored, as Java's Duration.toMillis


def _divide_by_zero() -> FeelEvaluationError:
    return FeelEvaluationError("INVALID_TYPE", "Division by zero")


def multiply(a: object, b: object) -> object:
    """A duration times a number; feel-scala truncates the number to an integer first."""
    if _is_duration(a) and _is_number(b):
        duration, factor = a, b
    elif _is_number(a) and _is_duration(b):
        duration, factor = b, a
    else:
        raise _unsupported("*", a, b)
    try:
        times = _bounded_int(Decimal(factor))  # type: ignore[arg-type]
        if isinstance(duration, datetime.timedelta):
            return duration * times
        assert isinstance(duration, YearsMonthsDuration)
        return YearsMonthsDuration(duration.months * times)
    except (OverflowError, ValueError, InvalidOperation) as error:
        raise _out_of_range("*") from error


def divide(a: object, b: object) -> object:
    """Division as feel-scala does it: a days-time duration divided by a number keeps whole
    milliseconds, and a duration divided by a duration is a whole number (Java's long division).
    A zero divisor raises (feel-scala yields null)."""
    try:
        if _is_duration(a) and _is_number(b):
            if b == 0:
                raise _divide_by_zero()
            divisor = Decimal(b)  # type: ignore[arg-type]
            if isinstance(a, datetime.timedelta):
                millis = _DECIMAL.divide(Decimal(_millis(a)), divisor)
                return datetime.timedelta(milliseconds=_bounded_int(millis))
            assert isinstance(a, YearsMonthsDuration)
            return YearsMonthsDuration(_bounded_int(_DECIMAL.divide(Decimal(a.months), divisor)))
        if isinstance(a, datetime.timedelta) and isinstance(b, datetime.timedelta):
            if not _millis(b):
                raise _divide_by_zero()
            return Decimal(_truncated_div(_millis(a), _millis(b)))
        if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
            if not b.months:
                raise _divide_by_zero()
            return Decimal(_truncated_div(a.months, b.months))
    except (OverflowError, ValueError, DivisionByZero, InvalidOperation, Overflow) as error:
        raise _out_of_range("/") from error
    raise _unsupported("/", a, b)


def _sign(a: Any, b: Any) -> int:
    return int(a > b) - int(a < b)


def compare(a: object, b: object) -> int | None:
    """-1, 0 or 1; None when the two are not comparable (other types, naive vs aware)."""
    if isinstance(a, datetime.datetime) or isinstance(b, datetime.datetime):
        if not (isinstance(a, datetime.datetime) and isinstance(b, datetime.datetime)):
            return None
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        if a.tzinfo is not None:
            a, b = _utc(a), _utc(b)
        return _sign(a, b)
    if isinstance(a, datetime.date) and isinstance(b, datetime.date):
        return _sign(a.toordinal(), b.toordinal())
    if isinstance(a, datetime.time) and isinstance(b, datetime.time):
        if (a.tzinfo is None) != (b.tzinfo is None):
            return None
        return _sign(_time_micros(a), _time_micros(b))
    if isinstance(a, datetime.timedelta) and isinstance(b, datetime.timedelta):
        return _sign(_micros(a), _micros(b))
    if isinstance(a, YearsMonthsDuration) and isinstance(b, YearsMonthsDuration):
        return _sign(a.months, b.months)
    return None


def is_temporal(value: object) -> bool:
    return isinstance(
        value, datetime.date | datetime.time | datetime.timedelta | YearsMonthsDuration
    )
