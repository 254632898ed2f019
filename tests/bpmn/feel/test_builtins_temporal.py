"""Temporal built-ins; now() and today() come from the evaluation context."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from bpmn import feel
from tests.bpmn.feel.builtin_calls import NOW, call, fails


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
