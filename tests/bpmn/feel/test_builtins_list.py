"""List built-ins: variadic calls, FEEL equality, positions, hostile sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any

from bpmn import feel
from bpmn.feel import FeelFunction
from tests.bpmn.feel.builtin_calls import NOW, call, fails


def n(*values: int | str) -> list[D]:
    return [D(v) for v in values]


def test_contains_and_index_of_use_feel_equality() -> None:
    assert call("list contains", n(1, 2, 3), 2) is True
    assert call("list contains", [D("1.0"), None], None) is True
    assert call("list contains", [{"a": D(1)}], {"a": D("1.00")}) is True
    assert call("list contains", [True], D(1)) is False
    assert call("index of", n(1, 2, 3, 2), D(2)) == n(2, 4)
    fails("list contains", "abc", "a")


def test_min_max_list_or_arguments() -> None:
    assert call("min", n(3, 1, 2)) == D(1)
    assert call("max", D(1), D(3), D(2)) == D(3)
    assert call("min", []) is None
    dates = [datetime.date(2017, 1, 1), datetime.date(2019, 1, 1)]
    assert call("max", dates) == datetime.date(2019, 1, 1)
    assert call("min", ["b", "a"]) == "a"
    assert "not comparable" in fails("min", [True, False])
    assert "not comparable" in fails("max", [D(1), "a"])


def test_aggregates() -> None:
    assert call("sum", n(1, 2, 3)) == D(6)
    assert call("sum", []) is None
    assert call("product", D(2), D(3), D(4)) == D(24)
    assert call("mean", n(1, 2, 3)) == D(2)
    assert call("median", D(8), D(2), D(5), D(3), D(4)) == D(4)
    assert call("median", n(6, 1, 2, 3)) == D("2.5")
    assert abs(call("stddev", n(2, 4, 7, 5)) - D("2.0816659994661326")) < D("1e-15")
    assert call("stddev", n(1)) is None
    assert call("mode", D(6), D(3), D(9), D(6), D(6)) == n(6)
    assert call("mode", n(6, 1, 9, 6, 1)) == n(1, 6)
    assert call("mode", []) == []
    assert "expected number" in fails("sum", [D(1), "2"])


def test_all_and_any_three_valued() -> None:
    assert call("all", []) is True
    assert call("all", [False, None, True]) is False
    assert call("all", True, None, True) is None
    assert call("and", D(0)) is None
    assert call("any", []) is False
    assert call("any", [False, None, True]) is True
    assert call("or", False, None, False) is None


def test_positions() -> None:
    assert call("sublist", n(1, 2, 3), D(2)) == n(2, 3)
    assert call("sublist", n(1, 2, 3), D(1), D(2)) == n(1, 2)
    assert call("sublist", n(1, 2, 3), D(-2), D(5)) == n(2, 3)
    assert call("sublist", n(1, 2, 3), D("1E+6000")) == []
    assert call("sublist", n(1, 2, 3), D(1), D("1E+6000")) == n(1, 2, 3)
    assert fails("sublist", n(1, 2, 3), D(0)) == "start position must be a non-zero number"
    assert call("insert before", n(1, 3), D(2), D(2)) == n(1, 2, 3)
    assert call("insert before", n(1, 3), D(-1), D(2)) == n(1, 2, 3)
    assert fails("insert before", n(1, 3), D(0), D(2)) == "position must be a non-zero number"
    assert call("remove", n(1, 1, 3), D(2)) == n(1, 3)
    assert call("remove", n(1, 2, 3), D(-1)) == n(1, 2)
    assert fails("remove", n(1, 2, 3), D(0)) == "position must be a non-zero number"


def test_building_lists() -> None:
    assert call("append", n(1), D(2), D(3)) == n(1, 2, 3)
    assert call("append", [], n(1)) == [n(1)]
    assert call("concatenate", n(1, 2), n(3)) == n(1, 2, 3)
    assert call("concatenate", n(1), n(2), n(3)) == n(1, 2, 3)
    assert call("reverse", n(1, 2, 3)) == n(3, 2, 1)
    assert call("union", n(1, 2), n(2, 3), n(4)) == n(1, 2, 3, 4)
    assert call("union", [{"a": D(1)}], [{"a": D(1)}, {"b": D(3)}]) == [
        {"a": D(1)},
        {"b": D(3)},
    ]
    assert call("distinct values", [D(1), None, D("1.0"), None, n(1), n(1)]) == [
        D(1),
        None,
        n(1),
    ]
    assert call("duplicate values", [D(1), None, D(2), None, D(2)]) == [None, D(2)]
    assert call("duplicate values", n(1, 2, 3, 4, 3, 1, 2)) == n(1, 2, 3)
    assert call("flatten", [n(1, 2), [[D(3)]], D(4)]) == n(1, 2, 3, 4)
    assert call("is empty", []) is True
    assert call("partition", n(1, 2, 3, 4, 5), D(2)) == [n(1, 2), n(3, 4), n(5)]
    assert fails("partition", n(1, 2), D(0)) == "'size' should be greater than zero but was '0'"


def test_string_join() -> None:
    assert call("string join", []) == ""
    assert call("string join", ["foo", None, "baz"], "X") == "fooXbaz"
    assert call("string join", ["a", "b"], "::", "hello-", "-bye") == "hello-a::b-bye"
    assert call("string join", ["a", "b"], None) == "ab"
    assert "list of strings" in fails("string join", ["foo", D(123)])
    big = ["x"] * 1_000_000
    assert len(call("string join", big, ",")) == 1_999_999


def _function(fn: Any, arity: int = 2) -> FeelFunction:
    names = ("a", "b", "c")[:arity]
    return FeelFunction(names, lambda ctx, args: fn(*args))


def test_sort_with_a_precedes_function() -> None:
    precedes = _function(lambda x, y: x < y)
    assert call("sort", n(3, 1, 4, 5, 2), precedes) == n(1, 2, 3, 4, 5)
    stable = call("sort", [(1, "b"), (0, "x"), (1, "a")], _function(lambda x, y: x[0] < y[0]))
    assert stable == [(0, "x"), (1, "b"), (1, "a")]
    assert "2 arguments" in fails("sort", n(1, 2), _function(lambda x: True, 1))
    assert "expected boolean" in fails("sort", n(2, 1), _function(lambda x, y: None))
    assert "expected a function" in fails("sort", n(2, 1), "x")


def test_list_replace_by_position_or_match() -> None:
    assert call("list replace", n(2, 4, 7, 8), D(3), D(6)) == n(2, 4, 6, 8)
    assert call("list replace", n(2, 4, 7, 8), D(-1), D(0)) == n(2, 4, 7, 0)
    matcher = _function(lambda item, new: item < new)
    assert call("list replace", n(2, 4, 7, 8), matcher, D(5)) == n(5, 5, 7, 8)
    fails("list replace", n(1), D(5), D(0))


def test_deeply_nested_flatten_does_not_recurse() -> None:
    value: list[Any] = [D(1)]
    for _ in range(100_000):
        value = [value]
    assert call("flatten", value) == [D(1)]


def test_through_evaluate() -> None:
    assert feel.evaluate("max(1, 2, 3) + min([4, 5])", now=NOW) == D(7)
    assert feel.evaluate("sort(list: [3,1,2], precedes: function(x,y) x > y)", now=NOW) == n(
        3, 2, 1
    )
    assert feel.evaluate("union(lists: [[1,2],[2,3]])", now=NOW) == n(1, 2, 3)
    assert feel.evaluate("append([], [1])", now=NOW) == [n(1)]
    value, failures = feel.evaluate_with_failures("sublist([1,2,3], 0)", now=NOW)
    assert value is None
    assert failures[0].message == (
        "Failed to invoke function 'sublist': start position must be a non-zero number"
    )
