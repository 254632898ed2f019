"""FEEL language features evaluated end to end through the public API."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from bpmn import feel
from bpmn.feel import FeelFunction, FeelRange

NOW = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


def ev(text: str, **variables: object) -> object:
    return feel.evaluate(text, variables, now=NOW)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1", Decimal(1)),
        ("02", Decimal(2)),
        ("-03", Decimal(-3)),
        ("2.5", Decimal("2.5")),
        (".5", Decimal("0.5")),
        ('"a\\"b"', 'a"b'),
        ('"line\\nnext\\ttab"', "line\nnext\ttab"),
        ('"\\u0041\\uD83D\\uDE00"', "A\U0001f600"),
        ("true", True),
        ("false", False),
        ("null", None),
        ("[1, 2]", [Decimal(1), Decimal(2)]),
        ("[]", []),
        ('{a: 1, "b c": 2}', {"a": Decimal(1), "b c": Decimal(2)}),
        ("{}", {}),
    ],
)
def test_literals(text: str, expected: object) -> None:
    assert ev(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7),
        ("(1 + 2) * 3", 9),
        ("10 - 4 - 3", 3),
        ("3 * 4 / 2 * 5", 30),
        ("2 ** 3", 8),
        ("2 ** 2 ** 3", 64),
        ("2 * -3", -6),
        ("- (2 + 3)", -5),
        ("1 / 3 * 3", Decimal("0.9999999999999999999999999999999999")),
        ("10 / 4", Decimal("2.5")),
    ],
)
def test_arithmetic_uses_decimal_semantics(text: str, expected: object) -> None:
    assert ev(text) == expected


def test_numbers_have_34_significant_digits() -> None:
    assert ev("1 / 3") == Decimal("0.3333333333333333333333333333333333")
    assert ev("0.1 + 0.2") == Decimal("0.3")


@pytest.mark.parametrize(
    "text",
    ["1 + null", "null * 2", "x + 1", "-null", "2 ** null", "1 / 0", '"a" + 1', "2 + true"],
)
def test_arithmetic_propagates_null(text: str) -> None:
    assert ev(text) is None


def test_string_concatenation() -> None:
    assert ev('"a" + "b" + s', s="c") == "abc"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 < 2", True),
        ("2 <= 2", True),
        ('"b" > "a"', True),
        ("1 = 1.0", True),
        ("1 != 2", True),
        ("null = null", True),
        ("1 = null", False),
        ("null != 1", True),
        ("1 = true", None),
        ("1 < true", None),
        ("null < 1", None),
        ("[1, 2] = [1, 2]", True),
        ("[1] = [true]", False),
        ("{a: 1} = {a: 1}", True),
        ("{a: 1} = {b: 1}", False),
    ],
)
def test_comparison(text: str, expected: object) -> None:
    assert ev(text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("true and true", True),
        ("true and false", False),
        ("false and null", False),
        ("null and false", False),
        ("true and null", None),
        ("2 and false", False),
        ("true and 2", None),
        ("true or null", True),
        ("null or true", True),
        ("false or null", None),
        ("false or false or false", False),
        ("true and true and false", False),
        ("not(true)", False),
        ("not(null)", None),
        ("not(1)", None),
    ],
)
def test_three_valued_logic(text: str, expected: object) -> None:
    assert ev(text) is expected


def test_if_then_else() -> None:
    assert ev('if x > 5 then "big" else "small"', x=7) == "big"
    assert ev('if x > 5 then "big" else "small"', x=1) == "small"
    # a null or non-boolean condition takes the else branch
    assert ev('if x > 5 then "big" else "small"') == "small"
    assert ev("if 1 then 2 else 3") == 3


def test_between_and_in() -> None:
    assert ev("x between 1 and 10", x=10) is True
    assert ev("x between 1 and 10", x=11) is False
    assert ev("x between 1 and 10") is None
    assert ev("x in (1, 2, 3)", x=2) is True
    assert ev("x in [1..3)", x=3) is False
    assert ev("x in < 5", x=3) is True
    assert ev("x in (< 3, > 10)", x=11) is True
    assert ev("x in xs", x=2, xs=[1, 2]) is True
    assert ev("5 in ? < 10") is True


def test_for_expressions() -> None:
    assert ev("for x in [1, 2, 3] return x * 2") == [2, 4, 6]
    assert ev("for x in [1, 2], y in [10, 20] return x + y") == [11, 21, 12, 22]
    assert ev("for x in 1..3 return x") == [1, 2, 3]
    assert ev("for x in 3..1 return x") == [3, 2, 1]
    assert ev("for x in [] return x") == []
    fib = "for i in 1..7 return if i <= 2 then 1 else partial[-1] + partial[-2]"
    assert ev(fib) == [1, 1, 2, 3, 5, 8, 13]
    assert ev("for x in [1, 2] return for y in [x] return y * 10") == [[10], [20]]
    assert ev("for x in y return x") is None


def test_quantified_expressions() -> None:
    assert ev("some x in [1, 2, 3] satisfies x > 2") is True
    assert ev("some x in [1, 2, 3] satisfies x > 3") is False
    assert ev("every x in [1, 2, 3] satisfies x > 0") is True
    assert ev("every x in [1, 2], y in [3, 4] satisfies x < y") is True
    assert ev("every x in [] satisfies false") is True
    assert ev("some x in [null, false] satisfies x") is None
    assert ev("some x in 1..5 satisfies x = 4") is True


def test_filters_and_indexes() -> None:
    assert ev("[1, 2, 3, 4][item > 2]") == [3, 4]
    assert ev("[1, 2, 3][1]") == 1
    assert ev("[1, 2, 3][-1]") == 3
    assert ev("[1, 2, 3][0]") is None
    assert ev("[1, 2, 3][4]") is None
    assert ev("xs[i]", xs=[5, 6], i=2) == 6
    assert ev("[{a: 1}, {a: 5}][a > 2]") == [{"a": 5}]
    assert ev("[{item: 1}, {item: 3}][item > 2]") == [{"item": 3}]
    assert ev("[1, null, 3][item = null]") == [None]
    assert ev('[1, 2]["not a filter"]') == []
    assert ev("x[1]") is None


def test_paths() -> None:
    order = {"id": "o-1", "lines": [{"price": 1.5}, {"price": 2}]}
    assert ev("order.id", order=order) == "o-1"
    assert ev("order.lines.price", order=order) == [Decimal("1.5"), Decimal(2)]
    assert ev("order.lines[1].price", order=order) == Decimal("1.5")
    assert ev("{a: {b: {c: 7}}}.a.b.c") == 7
    assert ev("[{a: 1}, {b: 2}].a") == [1, None]
    assert ev("order.missing", order=order) is None
    assert ev("x.y") is None


def test_context_entries_see_earlier_entries() -> None:
    assert ev("{a: 1, b: a + 1, c: b * 10}") == {"a": 1, "b": 2, "c": 20}
    assert ev("{a: 1, b: {a: 2, c: a + 3}}") == {"a": 1, "b": {"a": 2, "c": 5}}
    assert ev("{a: 1, b: a}", a=9) == {"a": 1, "b": 1}


def test_context_keys_with_special_characters() -> None:
    assert ev("{foo bar: 1}.`foo bar`") == 1
    assert ev("{a+b: 2}.`a+b`") == 2
    assert ev('{"x y": 3}.`x y`') == 3


def test_names_with_spaces_and_backticks() -> None:
    assert ev("Current Status.name", **{"Current Status": {"name": "ok"}}) == "ok"
    assert ev("`a-b` + 1", **{"a-b": 1}) == 2
    assert ev("string length(`my var`)", **{"my var": "abc"}) == 3


def test_ranges() -> None:
    assert ev("[1..10)") == FeelRange(Decimal(1), Decimal(10), True, False)
    assert ev("]1..10]") == FeelRange(Decimal(1), Decimal(10), False, True)
    assert ev("(1..10[") == FeelRange(Decimal(1), Decimal(10), False, False)
    assert ev("[1..10].start") == 1
    assert ev("[1..10).end included") is False


def test_user_defined_functions() -> None:
    assert ev("{f: function(a, b) a - b, r: f(5, 3)}.r") == 2
    assert ev("{f: function(a, b) a - b, r: f(b: 5, a: 3)}.r") == -2
    assert ev("(function(x) x * x)(4)") == 16
    # closures capture their defining scope
    assert ev("{k: 10, add: function(x) x + k, r: add(1)}.r") == 11
    recursive = "{fac: function(n) if n <= 1 then 1 else n * fac(n - 1), r: fac(10)}.r"
    assert ev(recursive) == 3628800
    function = ev("function(a) a")
    assert isinstance(function, FeelFunction)
    assert function.parameters == ("a",)


def test_function_values_from_variables_and_builtins() -> None:
    double = FeelFunction(("x",), lambda ctx, args: args[0] * 2, name="double")
    assert ev("double(21)", double=double) == 42
    assert ev("sort([3, 1, 2], function(x, y) x < y)") == [1, 2, 3]
    assert ev('substring(string: "abcdef", start position: 3)') == "cdef"
    assert ev("max(1, 5, 2)") == 5
    assert ev("max([1, 5, 2])") == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 instance of number", True),
        ('"a" instance of string', True),
        ("true instance of boolean", True),
        ("[1] instance of list", True),
        ("{} instance of context", True),
        ("(function() 1) instance of function", True),
        ("[1, 2] instance of list<number>", True),
        ('[1, "a"] instance of list<number>', False),
        ("{a: 1} instance of context<a: number>", True),
        ("null instance of Any", False),
        ("1 instance of Any", True),
        ("1 instance of string", False),
        ('@"2024-01-01" instance of date', True),
        ('@"2024-01-01T10:00:00" instance of date and time', True),
        ('@"P1Y" instance of years and months duration', True),
        ('@"PT1H" instance of days and time duration', True),
    ],
)
def test_instance_of(text: str, expected: bool) -> None:
    assert ev(text) is expected


def test_temporal_literals_and_properties() -> None:
    assert ev('@"2024-03-01"') == datetime.date(2024, 3, 1)
    assert ev('@"2024-03-01".year') == 2024
    assert ev('@"P1D"') == datetime.timedelta(days=1)
    assert ev('date("2024-01-31") + duration("P1D")') == datetime.date(2024, 2, 1)
    assert ev('@"2024-01-02" > @"2024-01-01"') is True
    assert ev("today()") == datetime.date(2026, 3, 1)


def test_comments() -> None:
    assert ev("1 + // one\n 2") == 3
    assert ev("/* a\n comment */ 3 * 2") == 6


def test_variables_are_converted_from_python() -> None:
    assert ev("x + y", x=1, y=0.5) == Decimal("1.5")
    assert ev("xs[2]", xs=(1, 2)) == 2
    assert ev("x", x=float("nan")) is None
    assert ev("{a: d}.a.b", d={"b": 3}) == 3


def test_cellinput_serves_as_the_input_of_a_test_expression() -> None:
    assert ev("< 3", cellInput=2) is True


def test_long_else_if_chains_do_not_nest() -> None:
    chain = " else ".join(f"if x = {i} then {i * 10}" for i in range(500)) + " else -1"
    expression = feel.compile(chain)
    assert expression.evaluate({"x": 0}) == 0
    assert expression.evaluate({"x": 499}) == 4990
    assert expression.evaluate({"x": 500}) == -1
    assert ev("if x then 1 else if y then 2 else 3", x=False, y=True) == 2
    assert ev("if false then 1 else if null then 2 else 3 + 1") == 4


def test_open_interval_brackets_and_filters_tell_apart() -> None:
    assert ev("[1..10[") == FeelRange(Decimal(1), Decimal(10), True, False)
    assert ev("x in ]1..10[", x=10) is False
    assert ev("[[true, true], [false]][and(item)]") == [[True, True]]
    assert ev("[1, 2, 3][item > 1][1]") == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0 ** 0", Decimal(1)),
        ("2 ** -1", Decimal("0.5")),
        ("1.5 ** 2", Decimal("2.25")),
        ("0 ** -1", None),
        ("(-8) ** 0.5", None),
        ("2 ** 1000000000000", None),
        ("10 ** 6145", None),
    ],
)
def test_power_edge_cases(text: str, expected: object) -> None:
    assert ev(text) == expected
