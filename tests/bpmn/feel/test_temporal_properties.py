"""Properties of the temporal module over generated values (derandomized: deterministic)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bpmn.feel import FeelEvaluationError, YearsMonthsDuration
from bpmn.feel import _temporal as t

SETTINGS = settings(derandomize=True, max_examples=300, deadline=None)

whole_second_durations = st.integers(-999_999_999 * 86_400, 999_999_999 * 86_400).map(
    lambda seconds: datetime.timedelta(seconds=seconds)
)
local_date_times = st.datetimes(
    min_value=datetime.datetime(1, 1, 2), max_value=datetime.datetime(9999, 12, 30)
).map(lambda value: value.replace(microsecond=0))
offsets = st.integers(-18 * 60, 18 * 60).map(
    lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
)


@SETTINGS
@given(whole_second_durations)
def test_days_time_durations_print_and_read_back(value: datetime.timedelta) -> None:
    assert t.parse_temporal(t.format_temporal(value)) == value


@SETTINGS
@given(st.integers(-(10**12), 10**12))
def test_years_months_durations_print_and_read_back(months: int) -> None:
    value = YearsMonthsDuration(months)
    assert t.parse_temporal(t.format_temporal(value)) == value


@SETTINGS
@given(local_date_times, offsets)
def test_date_times_print_and_read_back(local: datetime.datetime, zone: datetime.tzinfo) -> None:
    for value in (local, local.replace(tzinfo=zone)):
        parsed = t.parse_temporal(t.format_temporal(value))
        assert parsed == value and parsed.utcoffset() == value.utcoffset()


@SETTINGS
@given(local_date_times, local_date_times)
def test_subtracting_date_times_inverts_adding(a: datetime.datetime, b: datetime.datetime) -> None:
    difference = t.subtract(a, b)
    assert t.add(b, difference) == a
    assert t.compare(a, b) == (a > b) - (a < b)


@SETTINGS
@given(local_date_times, offsets, offsets)
def test_compare_orders_instants(
    local: datetime.datetime, first: datetime.tzinfo, second: datetime.tzinfo
) -> None:
    a, b = local.replace(tzinfo=first), local.replace(tzinfo=second)
    expected = (a > b) - (a < b)
    assert t.compare(a, b) == expected
    assert t.compare(b, a) == -expected


@SETTINGS
@given(local_date_times, st.integers(-1200, 1200))
def test_adding_months_clamps_to_the_month_end(value: datetime.datetime, months: int) -> None:
    try:
        moved = t.add(value, YearsMonthsDuration(months))
    except FeelEvaluationError:
        return
    assert moved.day <= value.day
    assert (moved.year * 12 + moved.month) - (value.year * 12 + value.month) == months
    assert moved.time() == value.time()
