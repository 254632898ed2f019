"""The temporal module: lexical forms, printing, arithmetic, ordering and properties."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from zoneinfo import ZoneInfo

import pytest

from bpmn import feel
from bpmn.feel import FeelEvaluationError, YearsMonthsDuration
from bpmn.feel import _temporal as t

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def p(text: str) -> object:
    return t.parse_temporal(text)


@pytest.mark.parametrize(
    ("text", "printed"),
    [
        ("2012-12-25", "2012-12-25"),
        ("23:59:00", "23:59:00"),
        ("23:59:00.250", "23:59:00.25"),
        ("23:59:00+01:00", "23:59:00+01:00"),
        ("23:59:00Z", "23:59:00Z"),
        ("23:59:00@Europe/Paris", "23:59:00@Europe/Paris"),
        ("2012-12-24T23:59:00", "2012-12-24T23:59:00"),
        ("2012-12-24T23:59:00+00:00", "2012-12-24T23:59:00Z"),
        ("2012-12-24T23:59:00-07:30", "2012-12-24T23:59:00-07:30"),
        ("2012-12-24T23:59:00@Europe/Berlin", "2012-12-24T23:59:00@Europe/Berlin"),
        ("2023-06-14T14:55:00+02:00[Europe/Berlin]", "2023-06-14T14:55:00@Europe/Berlin"),
        ("P1DT2H3M4S", "P1DT2H3M4S"),
        ("-PT2M30S", "-PT2M30S"),
        ("PT-3M-4S", "-PT3M4S"),
        ("PT0H0M0S", "P0D"),
        ("-PT0S", "P0D"),
        ("PT36H", "P1DT12H"),
        ("PT1.5S", "PT1S"),
        ("-PT1.5S", "-PT2S"),
        ("P1Y2M", "P1Y2M"),
        ("-P0M", "P0Y"),
        ("P-1Y-2M", "-P1Y2M"),
        ("P14M", "P1Y2M"),
    ],
)
def test_parse_and_print(text: str, printed: str) -> None:
    assert t.format_temporal(p(text)) == printed


def test_iso_printing_keeps_the_offset_of_zoned_values() -> None:
    assert t.format_temporal(p("2023-06-14T14:55:00@Europe/Berlin"), iso=True) == (
        "2023-06-14T14:55:00+02:00[Europe/Berlin]"
    )
    assert t.format_temporal(p("10:00:00@Europe/Berlin"), iso=True) == (
        "10:00:00+01:00[Europe/Berlin]"
    )
    assert t.format_temporal("not temporal") is None


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29",
        "2012-13-01",
        "25:00:00",
        "10:61:00",
        "2012-12-24T23:59:00+19:00",
        "2012-12-24T23:59:00@Not/AZone",
        "2012-12-24 23:59:00",
        "P",
        "PT",
        "P1Y1D",
        "P1W",
        "",
        "x" * 100_000,
        "P" + "9" * 5000 + "Y",
        "PT99999999999999999H",
    ],
)
def test_bad_text_raises(text: str) -> None:
    with pytest.raises(FeelEvaluationError):
        p(text)


def test_huge_year_month_durations_are_fine() -> None:
    assert p("P999999999Y") == YearsMonthsDuration(999_999_999 * 12)


def test_zoned_time_keeps_zone_and_standard_offset() -> None:
    paris = p("11:45:30@Europe/Paris")
    assert paris.utcoffset() == HOUR
    assert t.property_of(paris, "timezone") == "Europe/Paris"
    assert t.property_of(paris, "time offset") == HOUR


def test_date_arithmetic() -> None:
    day = datetime.date(2017, 1, 10)
    assert t.add(day, YearsMonthsDuration(1)) == datetime.date(2017, 2, 10)
    assert t.add(YearsMonthsDuration(12), day) == datetime.date(2018, 1, 10)
    assert t.subtract(day, YearsMonthsDuration(13)) == datetime.date(2015, 12, 10)
    assert t.add(day, datetime.timedelta(minutes=1)) == day
    assert t.subtract(day, HOUR) == datetime.date(2017, 1, 9)
    assert t.subtract(datetime.date(2013, 2, 25), datetime.date(2012, 12, 24)) == (
        datetime.timedelta(days=63)
    )
    assert t.add(datetime.date(2020, 1, 31), YearsMonthsDuration(1)) == datetime.date(2020, 2, 29)


def test_date_time_arithmetic() -> None:
    local = datetime.datetime(2017, 1, 10, 10, 30)
    assert t.add(local, YearsMonthsDuration(1)) == datetime.datetime(2017, 2, 10, 10, 30)
    assert t.subtract(local, HOUR) == datetime.datetime(2017, 1, 10, 9, 30)
    assert t.subtract(local, datetime.datetime(2017, 1, 1, 10)) == datetime.timedelta(
        days=9, minutes=30
    )
    jan31 = datetime.datetime(2021, 1, 31, 8, tzinfo=BERLIN)
    assert t.add(jan31, YearsMonthsDuration(1)) == datetime.datetime(2021, 2, 28, 8, tzinfo=BERLIN)


def test_zoned_date_time_adds_durations_to_the_instant() -> None:
    # Berlin skips 02:00-03:00 on 2021-03-28: 24 hours after noon is 13:00 on the wall clock.
    before = datetime.datetime(2021, 3, 27, 12, tzinfo=BERLIN)
    later = t.add(before, datetime.timedelta(hours=24))
    assert later.hour == 13 and later.utcoffset() == 2 * HOUR
    assert t.subtract(later, before) == datetime.timedelta(hours=24)


def test_mixed_local_and_zoned_are_not_subtracted_or_compared() -> None:
    local = datetime.datetime(2017, 1, 10, 10, 30)
    zoned = local.replace(tzinfo=datetime.UTC)
    with pytest.raises(FeelEvaluationError):
        t.subtract(local, zoned)
    assert t.compare(local, zoned) is None
    assert t.compare(datetime.date(2017, 1, 10), local) is None
    assert t.compare(datetime.time(1), datetime.time(1, tzinfo=datetime.UTC)) is None
    assert t.compare(HOUR, YearsMonthsDuration(1)) is None


def test_time_arithmetic_wraps_around_midnight() -> None:
    assert t.add(datetime.time(23, 30), HOUR) == datetime.time(0, 30)
    assert t.add(datetime.time(10, 30), datetime.timedelta(days=1)) == datetime.time(10, 30)
    assert t.subtract(datetime.time(9), datetime.time(10)) == -HOUR
    offset = p("12:00:00+01:00")
    assert t.subtract(offset, p("10:00:00Z")) == HOUR
    # feel-scala measures the distance between two times with offsets: never negative.
    assert t.subtract(p("10:00:00Z"), offset) == HOUR
    for operation in (t.add, t.subtract):
        with pytest.raises(FeelEvaluationError):
            operation(offset, YearsMonthsDuration(1))


def test_duration_arithmetic() -> None:
    assert t.add(YearsMonthsDuration(2), YearsMonthsDuration(3)) == YearsMonthsDuration(5)
    assert t.subtract(YearsMonthsDuration(5), YearsMonthsDuration(6)) == YearsMonthsDuration(-1)
    assert t.multiply(YearsMonthsDuration(1), D(3)) == YearsMonthsDuration(3)
    assert t.multiply(D(3), datetime.timedelta(days=1)) == datetime.timedelta(days=3)
    assert t.divide(YearsMonthsDuration(12), D(2)) == YearsMonthsDuration(6)
    assert t.divide(datetime.timedelta(days=1), D(4)) == datetime.timedelta(hours=6)
    assert t.divide(YearsMonthsDuration(12), YearsMonthsDuration(1)) == D(12)
    assert t.divide(datetime.timedelta(days=1), HOUR) == D(24)
    assert t.divide(YearsMonthsDuration(12), D(3)) == YearsMonthsDuration(4)


def test_duration_arithmetic_truncates_like_feel_scala() -> None:
    assert t.multiply(2 * HOUR, D("1.5")) == 2 * HOUR
    assert t.multiply(D("-2.9"), YearsMonthsDuration(1)) == YearsMonthsDuration(-2)
    assert t.divide(YearsMonthsDuration(12), YearsMonthsDuration(5)) == D(2)
    assert t.divide(datetime.timedelta(minutes=90), HOUR) == D(1)
    assert t.divide(datetime.timedelta(minutes=-90), HOUR) == D(-1)
    assert t.divide(datetime.timedelta(seconds=1), D(3)) == datetime.timedelta(milliseconds=333)
    assert t.divide(YearsMonthsDuration(1), D(2)) == YearsMonthsDuration(0)
    with pytest.raises(FeelEvaluationError):
        t.divide(HOUR, datetime.timedelta(microseconds=10))
    for zero in (D(0), datetime.timedelta(0)):
        with pytest.raises(FeelEvaluationError):
            t.divide(datetime.timedelta(days=1), zero)
    with pytest.raises(FeelEvaluationError):
        t.divide(YearsMonthsDuration(12), YearsMonthsDuration(0))


def test_unsupported_and_overflowing_pairs_raise() -> None:
    day = datetime.date(2017, 1, 10)
    for operation, a, b in [
        (t.add, day, day),
        (t.add, HOUR, YearsMonthsDuration(1)),
        (t.subtract, HOUR, day),
        (t.multiply, HOUR, HOUR),
        (t.multiply, HOUR, True),
        (t.divide, D(1), HOUR),
        (t.add, datetime.date(9999, 12, 31), datetime.timedelta(days=1)),
        (t.add, day, YearsMonthsDuration(12 * 10_000)),
        (t.multiply, datetime.timedelta(days=999_999_999), D(10)),
        (t.add, datetime.timedelta(days=999_999_999), datetime.timedelta(days=1)),
    ]:
        with pytest.raises(FeelEvaluationError):
            operation(a, b)


def test_compare() -> None:
    assert t.compare(p("2017-01-10"), p("2017-01-11")) == -1
    assert t.compare(p("10:00:00+01:00"), p("09:00:00Z")) == 0
    assert t.compare(p("2017-01-10T10:00:00+01:00"), p("2017-01-10T09:00:00Z")) == 0
    assert t.compare(p("P1Y"), p("P11M")) == 1
    assert t.compare(p("P1D"), p("PT24H")) == 0


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("2020-09-30", "weekday", D(3)),
        ("2017-03-10T11:45:30+02:00", "time offset", 2 * HOUR),
        ("2017-03-10T11:45:30", "time offset", None),
        ("2017-03-10T11:45:30@Europe/Paris", "timezone", "Europe/Paris"),
        ("11:45:30+02:00", "timezone", None),
        ("P2Y3M", "years", D(2)),
        ("-P2Y3M", "months", D(-3)),
        ("P1DT2H10M30S", "minutes", D(10)),
        ("-P1DT2H", "hours", D(-2)),
    ],
)
def test_properties(text: str, name: str, value: object) -> None:
    assert t.property_of(p(text), name) == value


def test_unknown_property_lists_the_available_ones() -> None:
    with pytest.raises(FeelEvaluationError) as raised:
        t.property_of(p("2020-09-30"), "seconds")
    assert raised.value.failure.type == "NO_PROPERTY_FOUND"
    assert raised.value.failure.message == (
        "No property found with name 'seconds' of value '2020-09-30'. "
        "Available properties: 'year', 'month', 'day', 'weekday'"
    )
    assert t.property_names(p("P1Y")) == ("years", "months")
    assert t.property_names("x") == ()


def test_through_evaluate() -> None:
    assert feel.evaluate('@"2017-01-10T10:30:00@Europe/Berlin" + @"PT1H"', now=NOW) == (
        datetime.datetime(2017, 1, 10, 11, 30, tzinfo=BERLIN)
    )
    assert feel.evaluate('string(date("2020-04-07") - date("2020-04-01"))', now=NOW) == "P6D"
    assert feel.evaluate('duration("P1Y") / duration("P1M")', now=NOW) == D(12)
    assert feel.evaluate('@"P1DT2H10M30S".seconds', now=NOW) == D(30)


def test_zoned_wall_clock_times_resolve_as_java_does() -> None:
    skipped = p("2019-03-31T02:30:00@Europe/Berlin")  # in the spring gap: moved forward
    assert t.format_temporal(skipped, iso=True) == "2019-03-31T03:30:00+02:00[Europe/Berlin]"
    ambiguous = p("2019-10-27T02:30:00@Europe/Berlin")  # twice in autumn: the earlier one
    assert ambiguous.utcoffset() == 2 * HOUR
    later = p("2019-10-27T02:30:00+01:00[Europe/Berlin]")  # unless the offset says otherwise
    assert later.utcoffset() == HOUR
    assert t.compare(later, ambiguous) == 1
    month_later = t.add(p("2019-02-28T02:30:00@Europe/Berlin"), YearsMonthsDuration(1))
    assert (month_later.day, month_later.utcoffset()) == (28, HOUR)
    assert (
        t.format_temporal(
            t.add(p("2019-02-28T02:30:00@Europe/Berlin"), datetime.timedelta(days=31)), iso=True
        )
        == "2019-03-31T03:30:00+02:00[Europe/Berlin]"
    )
