"""Conversion built-ins through the BUILTINS table and through ``bpmn.feel``."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bpmn import feel
from bpmn.feel import YearsMonthsDuration
from tests.bpmn.feel.builtin_calls import NOW, call, fails

BERLIN = ZoneInfo("Europe/Berlin")


def test_date_from_text_date_time_and_parts() -> None:
    assert call("date", "2012-12-25") == datetime.date(2012, 12, 25)
    assert call("date", datetime.datetime(2012, 12, 25, 11, tzinfo=BERLIN)) == datetime.date(
        2012, 12, 25
    )
    assert call("date", D(2012), D(12), D(25)) == datetime.date(2012, 12, 25)


@pytest.mark.parametrize("text", ["2023-02-29", "2023-06-31", "x", "", "2023-1-1", "9" * 10_000])
def test_date_refuses_text_that_is_no_calendar_date(text: str) -> None:
    fails("date", text)


def test_date_refuses_other_types_and_impossible_parts() -> None:
    fails("date", True)
    fails("date", D(2023), D(2), D(29))
    fails("date", D("1E+999999"), D(1), D(1))


def test_time_forms() -> None:
    assert call("time", "23:59:00") == datetime.time(23, 59)
    assert call("time", "T23:59:00+01:00").utcoffset() == datetime.timedelta(hours=1)
    zoned = call("time", "23:59:00@Europe/Paris")
    assert zoned.utcoffset() == datetime.timedelta(hours=1)
    assert zoned.tzinfo.key == "Europe/Paris"
    assert call("time", D(23), D(59), D("1.5")) == datetime.time(23, 59, 1, 500_000)
    with_offset = call("time", D(14), D(30), D(0), datetime.timedelta(hours=1))
    assert with_offset.utcoffset() == datetime.timedelta(hours=1)
    assert call("time", datetime.date(2020, 1, 1)) == datetime.time(0, 0, tzinfo=datetime.UTC)


def test_time_of_a_zoned_date_time_keeps_that_instant_offset() -> None:
    summer = call("time", datetime.datetime(2023, 6, 14, 14, 55, tzinfo=BERLIN))
    assert summer.utcoffset() == datetime.timedelta(hours=2)
    assert summer.tzinfo.key == "Europe/Berlin"


def test_time_refuses_bad_parts() -> None:
    fails("time", D(25), D(0), D(0))
    fails("time", "24:00:00")
    fails("time", D(1), D(2), D(3), "+01:00")


def test_date_and_time_forms() -> None:
    assert call("date and time", "2012-12-24T23:59:00") == datetime.datetime(2012, 12, 24, 23, 59)
    assert call("date and time", "2012-12-24") == datetime.datetime(2012, 12, 24)
    zoned = call("date and time", "2012-12-24T23:59:00@Europe/Berlin")
    assert zoned.tzinfo == BERLIN and zoned.utcoffset() == datetime.timedelta(hours=1)
    bracketed = call("date and time", "2023-06-14T14:55:00+02:00[Europe/Berlin]")
    assert bracketed.tzinfo == BERLIN
    fails("date and time", "2023-02-29T10:00:00")
    fails("date and time", "2012-12-24T23:59:00@No/Such_Zone")


def test_date_and_time_combines_a_date_and_a_time() -> None:
    day = datetime.date(2012, 12, 24)
    assert call("date and time", day, datetime.time(23, 59)) == datetime.datetime(
        2012, 12, 24, 23, 59
    )
    paris = call("time", "10:00:00@Europe/Paris")
    combined = call("date and time", datetime.date(2023, 7, 1), paris)
    # The zone decides the offset on that date: summer time.
    assert combined.utcoffset() == datetime.timedelta(hours=2)


def test_date_and_time_moves_to_a_zone() -> None:
    source = datetime.datetime(2020, 7, 31, 14, 27, 30, tzinfo=BERLIN)
    utc = call("date and time", source, "Z")
    assert utc == source and utc.utcoffset() == datetime.timedelta(0)
    la = call("date and time", source, "America/Los_Angeles")
    assert (la.hour, la.utcoffset()) == (5, datetime.timedelta(hours=-7))
    local = call("date and time", datetime.datetime(2020, 7, 31, 14, 27, 30), "Z")
    assert local.hour == 14 and local.utcoffset() == datetime.timedelta(0)


def test_duration_kinds() -> None:
    assert call("duration", "P2DT20H14M") == datetime.timedelta(days=2, hours=20, minutes=14)
    assert call("duration", "PT-3M-4S") == -datetime.timedelta(minutes=3, seconds=4)
    assert call("duration", "P-1Y-2M") == YearsMonthsDuration(-14)
    assert call("duration", "P999999999Y") == YearsMonthsDuration(999_999_999 * 12)
    for text in ["P", "PT", "P1Y2D", "1D", "P1.5D", "P9999999999999D", "P" + "9" * 5000 + "D"]:
        fails("duration", text)


def test_years_and_months_duration_between() -> None:
    start, end = datetime.date(2011, 12, 22), datetime.date(2013, 8, 24)
    assert call("years and months duration", start, end) == YearsMonthsDuration(20)
    assert call("years and months duration", end, start) == YearsMonthsDuration(-20)
    assert call(
        "years and months duration", datetime.date(2020, 1, 31), datetime.date(2020, 2, 29)
    ) == YearsMonthsDuration(0)
    fails("years and months duration", "2011-12-22", end)


def test_number_with_separators() -> None:
    assert call("number", "1500.5") == D("1500.5")
    assert call("number", "1 500.5", " ") == D("1500.5")
    assert call("number", "1.500", ".", None) == D(1500)
    assert call("number", "1500,5", None, ",") == D("1500.5")
    assert call("number", "1 500,5", " ", ",") == D("1500.5")
    assert call("number", "-1e3") == D(-1000)


@pytest.mark.parametrize("text", ["x", "", "1_000", "NaN", "Infinity", " 1", "1" * 20_000])
def test_number_refuses_what_feel_does_not_read(text: str) -> None:
    assert "as a number" in fails("number", text)


def test_number_refuses_bad_separators() -> None:
    fails("number", "1,5", "x")
    fails("number", "1.5", ".", ".")
    fails("number", False)


def test_string_prints_like_feel_scala() -> None:
    assert call("string", D("1.1")) == "1.1"
    assert call("string", True) == "true"
    assert call("string", None) is None
    assert call("string", [D(1), "a", None]) == '[1, "a", null]'
    assert call("string", {"a": D(1), "b": [D(2)]}) == "{a:1, b:[2]}"
    assert call("string", datetime.timedelta(0)) == "P0D"
    assert call("string", YearsMonthsDuration(0)) == "P0Y"
    assert call("string", datetime.datetime(2012, 12, 24, 23, 59, tzinfo=BERLIN)) == (
        "2012-12-24T23:59:00@Europe/Berlin"
    )


def test_string_of_deeply_nested_list_fails_cleanly() -> None:
    value: list[Any] = []
    for _ in range(5000):
        value = [value]
    assert "nested too deeply" in fails("string", value)


def test_json_round_trip() -> None:
    assert call("from json", '{"a": 1, "b": [true, null, 2.5]}') == {
        "a": D(1),
        "b": [True, None, D("2.5")],
    }
    assert call("from json", "null") is None
    assert call("to json", {"a": D(1), "b": "foo"}) == '{"a":1,"b":"foo"}'
    assert call("to json", datetime.datetime(2023, 6, 14, 14, 55, tzinfo=BERLIN)) == (
        '"2023-06-14T14:55:00+02:00[Europe/Berlin]"'
    )
    for text in ["invalid", "NaN", "[1,", "[" * 100_000]:
        assert "Failed to parse JSON" in fails("from json", text)


def test_through_evaluate() -> None:
    value, failures = feel.evaluate_with_failures('number("x")', now=NOW)
    assert value is None
    message = "Failed to invoke function 'number': Can't parse 'x' as a number"
    assert [(f.type, f.message) for f in failures] == [("FUNCTION_INVOCATION_FAILURE", message)]
    assert feel.evaluate('string(date and time("2012-12-25T11:00:00+02:00"))', now=NOW) == (
        "2012-12-25T11:00:00+02:00"
    )
    assert feel.evaluate('number(from: "1.500", grouping separator: ".")', now=NOW) == D(1500)
