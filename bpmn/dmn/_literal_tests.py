"""Input entries made only of literals, matched without a call into the FEEL engine.

Most cells of real decision tables are ``"gold"``, ``"a","b"``, ``< 300``, ``[300..450)``,
``true`` or ``null``. For those, whether the input matches is decided by a type check and one
comparison, so this module turns them into small closures; everything else goes through FEEL.
Only the *match* must agree with FEEL (a test result that is not ``true`` never matches, so
FEEL's false and null are the same here); ``tests/bpmn/dmn/test_dmn_literal_tests.py`` checks
the agreement against the FEEL engine over many inputs. The text is still compiled by FEEL
first, so syntax errors are FEEL's to report.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

Test = Callable[[Any, Mapping[str, Any], Any], bool]

_NUMBER = r"-?\d+(?:\.\d+)?"
_STRING = r'"[^"\\]*"'
_STRINGS = re.compile(rf"{_STRING}(?:\s*,\s*{_STRING})*")
_COMPARISON = re.compile(rf"(<=|>=|<|>)\s*({_NUMBER})")
_RANGE = re.compile(rf"([\[\]\(])\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*([\]\[\)])")
_NUMBER_ONLY = re.compile(_NUMBER)


def literal_test(text: str) -> Test | None:
    """A closure deciding whether an input matches ``text``, or None if ``text`` needs FEEL."""
    if _STRINGS.fullmatch(text):
        return _strings(frozenset(s[1:-1] for s in re.findall(_STRING, text)))
    if _NUMBER_ONLY.fullmatch(text):
        return _number_equal(Decimal(text))
    if match := _COMPARISON.fullmatch(text):
        return _COMPARE[match[1]](Decimal(match[2]))
    if match := _RANGE.fullmatch(text):
        return _range(match[1] == "[", Decimal(match[2]), Decimal(match[3]), match[4] == "]")
    return _KEYWORDS.get(text)


def _strings(values: frozenset[str]) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        return type(x) is str and x in values

    return test


def _number_equal(bound: Decimal) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        return type(x) is Decimal and x == bound

    return test


def _less(bound: Decimal) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        return type(x) is Decimal and x < bound

    return test


def _less_or_equal(bound: Decimal) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        return type(x) is Decimal and x <= bound

    return test


def _greater(bound: Decimal) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        return type(x) is Decimal and x > bound

    return test


def _greater_or_equal(bound: Decimal) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        return type(x) is Decimal and x >= bound

    return test


_COMPARE: dict[str, Callable[[Decimal], Test]] = {
    "<": _less,
    "<=": _less_or_equal,
    ">": _greater,
    ">=": _greater_or_equal,
}


def _range(start_included: bool, start: Decimal, end: Decimal, end_included: bool) -> Test:
    def test(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
        if type(x) is not Decimal:
            return False
        above = x > start or (start_included and x == start)
        return above and (x < end or (end_included and x == end))

    return test


# feel-scala compares a boolean test with a non-boolean input by the test's own value, so
# ``true`` matches every input but null and false, and ``false`` matches only false.
def _true(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
    return x is not None and x is not False


def _false(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
    return x is False


def _null(x: Any, variables: Mapping[str, Any], now: Any) -> bool:
    return x is None


_KEYWORDS: dict[str, Test] = {"true": _true, "false": _false, "null": _null}
