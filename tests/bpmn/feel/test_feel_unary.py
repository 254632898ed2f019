"""Unary tests as decision tables and `in` use them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from bpmn import feel


@pytest.mark.parametrize(
    ("tests", "value", "expected"),
    [
        ("< 3", 2, True),
        ("< 3", 3, False),
        (">= 3", 3, True),
        ("3", 3, True),
        ("-1", -1, True),
        ("[2..4]", 4, True),
        ("(2..4)", 4, False),
        ("]2..4]", 2, False),
        ("[1..5], [6..10]", 6, True),
        ('"a", "b"', "b", True),
        ('"a", "b"', "c", False),
        ("not(2, 3)", 4, True),
        ("not(2, 3)", 3, False),
        ("not(< 3)", 5, True),
        ("-", None, True),
        ("-", "anything", True),
        ("null", None, True),
        ("null", 1, False),
        ("< 3", None, None),
        ("3", None, False),
        ("true", True, True),
        ("true", None, False),
        ("odd(?)", 5, True),
        ("? > x", 5, True),
        ("? = null", None, True),
        ("abs(?)", 5, None),
        ("[4, 5, 6]", 5, True),
        ("[1, 2]", [1, 2], True),
        ("x", 3, True),
        ("1", "a", None),
        ("not(1)", "b", None),
        ("some x in ? satisfies x > 4", [4, 5], True),
        ('< date("2024-01-02")', datetime.date(2024, 1, 1), True),
    ],
)
def test_unary_tests(tests: str, value: object, expected: object) -> None:
    assert feel.unary_test(tests, value, {"x": 3}) is expected


def test_boolean_variable_stands_for_itself() -> None:
    assert feel.unary_test("flag", 3, {"flag": True}) is True
    assert feel.unary_test("flag", 3, {"flag": False}) is False


def test_compiled_unary_tests_report_failures() -> None:
    tests = feel.compile_unary_tests("[2..5]")
    result, failures = tests.evaluate_with_failures("NaN")
    assert result is None
    assert failures[0].type == "NOT_COMPARABLE"
    assert failures[0].message == "Can't compare '\"NaN\"' with '2' and '5'"


def test_unary_tests_accept_python_numbers() -> None:
    assert feel.unary_test("[1..10]", 2.5) is True
    assert feel.unary_test("> 1.5", Decimal(2)) is True
