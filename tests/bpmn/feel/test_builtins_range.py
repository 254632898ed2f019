"""Range built-ins over every point/range pairing, open ends and incomparable arguments."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

import pytest

from bpmn import feel
from bpmn.feel import FeelRange
from tests.bpmn.feel.builtin_calls import NOW, call, fails


def r(text: str) -> FeelRange:
    """``"[1..10)"`` as a range of numbers."""
    start, end = text[1:-1].split("..")
    return FeelRange(D(start), D(end), text[0] == "[", text[-1] == "]")


@pytest.mark.parametrize(
    ("name", "a", "b", "expected"),
    [
        ("before", D(1), D(10), True),
        ("before", D(1), r("(1..10]"), True),
        ("before", r("[1..10)"), D(10), True),
        ("before", r("[1..10]"), r("[10..20]"), False),
        ("before", r("[1..10)"), r("[10..20]"), True),
        ("after", D(10), r("[1..10)"), True),
        ("after", r("(11..20]"), D(11), True),
        ("meets", r("[1..5]"), r("[5..10]"), True),
        ("meets", r("[1..5)"), r("[5..10]"), False),
        ("met by", r("[5..10]"), r("[1..5]"), True),
        ("overlaps", r("[5..8]"), r("[1..5]"), True),
        ("overlaps", r("(5..8]"), r("[1..5)"), False),
        ("overlaps before", r("[1..5)"), r("(1..5]"), True),
        ("overlaps before", r("[1..5]"), r("[1..5]"), False),
        ("overlaps after", r("(1..5]"), r("[1..5]"), True),
        ("overlaps after", r("[5..8]"), r("[1..5]"), True),
        ("finishes", D(10), r("[1..10]"), True),
        ("finishes", r("(1..10]"), r("[1..10]"), True),
        ("finishes", r("[5..10)"), r("[1..10]"), False),
        ("finished by", r("[1..10]"), r("[5..10]"), True),
        ("includes", r("[1..10]"), r("[1..5]"), True),
        ("includes", r("(1..10]"), D(1), False),
        ("during", D(10), r("[1..10)"), False),
        ("during", r("[1..10)"), r("[1..10]"), True),
        ("starts", r("[1..5]"), r("(1..10]"), False),
        ("starts", r("(1..10)"), r("(1..10)"), True),
        ("started by", r("[1..10]"), r("[1..10)"), True),
        ("coincides", D(3), D(4), False),
        ("coincides", r("[1..5]"), r("[1..5]"), True),
    ],
)
def test_range_relations(name: str, a: Any, b: Any, expected: bool) -> None:
    assert call(name, a, b) is expected


def test_temporal_points_and_ranges() -> None:
    day = datetime.date
    span = FeelRange(day(2021, 12, 1), day(2021, 12, 24), True, True)
    assert call("before", day(2021, 12, 21), day(2021, 12, 24)) is True
    assert call("before", day(2021, 12, 21), span) is False
    hours = FeelRange(datetime.timedelta(hours=1), datetime.timedelta(hours=6), True, True)
    assert call("includes", hours, datetime.timedelta(hours=3)) is True


def test_open_ends_are_unbounded() -> None:
    above_five = FeelRange(D(5), None, False, False)
    assert call("includes", above_five, D(1_000_000)) is True
    assert call("before", D(5), above_five) is True
    assert call("after", above_five, D(5)) is True
    below_ten = FeelRange(None, D(10), False, True)
    assert call("includes", below_ten, D(-1_000_000)) is True
    assert call("overlaps", above_five, below_ten) is True


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("a", "b"),
        ("a", r("[1..5]")),
        (True, False),
        ([D(1)], r("[1..5]")),
        ({}, r("[1..5]")),
        (None, D(5)),
        (D(5), datetime.date(2021, 12, 21)),
        (datetime.date(2021, 12, 21), r("[1..5]")),
    ],
)
def test_incomparable_arguments_fail(a: Any, b: Any) -> None:
    fails("before", a, b)


def test_range_only_functions_refuse_points() -> None:
    fails("meets", D(1), D(2))
    fails("coincides", D(1), r("[1..2]"))


def test_through_evaluate() -> None:
    assert feel.evaluate("before(point1: 10, point2: 1)", now=NOW) is False
    assert feel.evaluate("during(x, [1..10])", {"x": D(5)}, now=NOW) is True
    value, failures = feel.evaluate_with_failures('before("a", [1..5])', now=NOW)
    assert value is None and failures
