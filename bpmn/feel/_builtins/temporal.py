"""Temporal functions; ``now()`` and ``today()`` read the evaluation's clock, not the wall clock."""

from __future__ import annotations

import calendar
import datetime
from decimal import Decimal

from .._values import EvalContext
from ._base import Builtin, illegal

_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _day(value: object) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    illegal(value)


def now(ctx: EvalContext) -> datetime.datetime:
    return ctx.now


def today(ctx: EvalContext) -> datetime.date:
    return ctx.now.date()


def day_of_week(ctx: EvalContext, date: object) -> str:
    return _DAYS[_day(date).weekday()]


def day_of_year(ctx: EvalContext, date: object) -> Decimal:
    return Decimal(_day(date).timetuple().tm_yday)


def week_of_year(ctx: EvalContext, date: object) -> Decimal:
    return Decimal(_day(date).isocalendar().week)


def month_of_year(ctx: EvalContext, date: object) -> str:
    return _MONTHS[_day(date).month - 1]


def last_day_of_month(ctx: EvalContext, date: object) -> datetime.date:
    day = _day(date)
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


BUILTINS = [
    Builtin("now", (), now),
    Builtin("today", (), today),
    Builtin("day of week", ("date",), day_of_week),
    Builtin("day of year", ("date",), day_of_year),
    Builtin("week of year", ("date",), week_of_year),
    Builtin("month of year", ("date",), month_of_year),
    Builtin("last day of month", ("date",), last_day_of_month),
]
