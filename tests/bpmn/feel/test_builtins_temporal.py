"""Temporal built-ins; now() and today() come from the evaluation context."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bpmn import feel
from bpmn.feel import FeelEvaluationError
from bpmn.feel._builtins import BUILTINS
from bpmn.feel._values import EvalContext

NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)


def call(name: str, *args: Any) -> Any:
    """A positional call: non-variadic overloads first, then the variadic one."""
    ctx = EvalContext(NOW)
    overloads = sorted(BUILTINS[name], key=lambda b: b.variadic)
    error: FeelEvaluationError | None = None
    for builtin in overloads:
        size = len(builtin.parameters)
        if builtin.variadic and len(args) >= size - 1:
            actual = [*args[: size - 1], list(args[size - 1 :])]
        elif not builtin.variadic and size - builtin.optional <= len(args) <= size:
            actual = list(args)
        else:
            continue
        try:
            return builtin.impl(ctx, *actual)
        except FeelEvaluationError as problem:
            error = problem
    assert error is not None, f"no overload of {name} takes {len(args)} arguments"
    raise error


def fails(name: str, *args: Any) -> str:
    with pytest.raises(FeelEvaluationError) as raised:
        call(name, *args)
    return raised.value.failure.message


def test_now_and_today_read_the_context() -> None:
    assert call("now") == NOW
    assert call("today") == datetime.date(2026, 3, 4)
    berlin = datetime.datetime(2020, 7, 31, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    assert feel.evaluate("today()", now=berlin) == datetime.date(2020, 7, 31)
    assert feel.evaluate("now()", now=berlin) == berlin


def test_calendar_functions() -> None:
    day = datetime.date(2019, 9, 17)
    assert call("day of week", day) == "Tuesday"
    assert call("day of week", datetime.datetime(2019, 9, 17, 12)) == "Tuesday"
    assert call("day of year", day) == D(260)
    assert call("day of year", datetime.date(2020, 12, 31)) == D(366)
    assert call("week of year", day) == D(38)
    assert call("week of year", datetime.date(2005, 1, 1)) == D(53)
    assert call("week of year", datetime.date(2003, 12, 29)) == D(1)
    assert call("month of year", day) == "September"
    assert call("last day of month", datetime.date(2024, 2, 1)) == datetime.date(2024, 2, 29)
    assert call("last day of month", datetime.date(2022, 2, 1)) == datetime.date(2022, 2, 28)


@pytest.mark.parametrize("name", ["day of week", "day of year", "week of year", "month of year"])
def test_calendar_functions_refuse_other_types(name: str) -> None:
    fails(name, "2019-09-17")
    fails(name, datetime.time(12))


def test_through_evaluate() -> None:
    assert feel.evaluate('last day of month(date("2022-10-17"))', now=NOW) == datetime.date(
        2022, 10, 31
    )
    assert feel.evaluate('abs(duration("-P2M"))', now=NOW) == feel.YearsMonthsDuration(2)
