"""Numeric built-ins: rounding modes and scales, modulo signs, domain errors, absurd sizes."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from bpmn import feel
from bpmn.feel import YearsMonthsDuration
from tests.bpmn.feel.builtin_calls import NOW, call, fails


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        ("5.5", "UP", "6"),
        ("5.5", "DOWN", "5"),
        ("5.5", "CEILING", "6"),
        ("5.5", "FLOOR", "5"),
        ("5.5", "HALF_UP", "6"),
        ("5.5", "HALF_DOWN", "5"),
        ("5.5", "HALF_EVEN", "6"),
        ("-2.5", "UP", "-3"),
        ("-2.5", "CEILING", "-2"),
        ("-2.5", "HALF_EVEN", "-2"),
        ("-1.0", "UNNECESSARY", "-1"),
        ("1.5", "ceiling", "2"),
        ("1.5", "CeiLing", "2"),
    ],
)
def test_decimal_rounding_modes(value: str, mode: str, expected: str) -> None:
    assert call("decimal", D(value), D(0), mode) == D(expected)


def test_decimal_default_is_half_even_and_refusals() -> None:
    assert call("decimal", D(1) / D(3), D(2)) == D("0.33")
    assert call("decimal", D("2.5"), D(0)) == D(2)
    assert call("decimal", D("1.5"), D(6000)) == D("1.5")
    assert call("decimal", D("123.456"), D(-2)) == D("1E+2")
    assert "Rounding necessary" in fails("decimal", D("5.5"), D(0), "UNNECESSARY")
    assert "for rounding mode" in fails("decimal", D("1.5"), D(0), "unknown")
    assert "scale" in fails("decimal", D("1.5"), D("1E+6000"))
    assert "scale" in fails("decimal", D("1.5"), D(-7000))


def test_floor_ceiling_and_round_family() -> None:
    assert call("floor", D("-1.5")) == D(-2)
    assert call("floor", D("-1.56"), D(1)) == D("-1.6")
    assert call("ceiling", D("-1.5")) == D(-1)
    assert call("ceiling", D("-1.56"), D(1)) == D("-1.5")
    assert call("round up", D("-1.126"), D(2)) == D("-1.13")
    assert call("round down", D("-1.126"), D(2)) == D("-1.12")
    assert call("round half up", D("-5.5"), D(0)) == D(-6)
    assert call("round half down", D("-5.5"), D(0)) == D(-5)
    fails("floor", "1.5")


def test_abs_of_numbers_and_durations() -> None:
    assert call("abs", D(-10)) == D(10)
    assert call("abs", -datetime.timedelta(hours=5)) == datetime.timedelta(hours=5)
    assert call("abs", YearsMonthsDuration(-2)) == YearsMonthsDuration(2)
    fails("abs", "x")
    fails("abs", True)


@pytest.mark.parametrize(
    ("dividend", "divisor", "expected"),
    [
        ("12", "5", "2"),
        ("12", "-5", "-3"),
        ("-12", "-5", "-2"),
        ("-12", "5", "3"),
        ("10.1", "-4.5", "-3.4"),
        ("-10.1", "-4.5", "-1.1"),
        ("-10.1", "4.5", "3.4"),
    ],
)
def test_modulo_takes_the_divisor_sign(dividend: str, divisor: str, expected: str) -> None:
    assert call("modulo", D(dividend), D(divisor)) == D(expected)


def test_modulo_by_zero_and_huge_operands() -> None:
    fails("modulo", D(1), D(0))
    assert call("modulo", D("1E+600"), D(7)) == D(10**600 % 7)
    assert call("modulo", D("-1E+600"), D(7)) == D(-(10**600) % 7)
    assert "too large" in fails("modulo", D("1E+6000"), D("1E-6000"))


def test_sqrt_log_exp() -> None:
    assert call("sqrt", D(16)) == D(4)
    assert abs(call("log", D(10)) - D("2.302585092994046")) < D("1e-14")
    assert abs(call("exp", D(5)) - D("148.4131591025766")) < D("1e-12")
    fails("sqrt", D(-1))
    fails("log", D(0))
    assert "out of range" in fails("exp", D("1E+10"))


def test_odd_and_even() -> None:
    assert call("odd", D(-5)) is True
    assert call("odd", D(2)) is False
    assert call("even", D("2.0")) is True
    assert call("even", D("2.5")) is False
    assert call("odd", D("2.5")) is False
    assert call("even", D("1E+6000")) is True
    assert call("odd", D("-12345678901234567890123456789012345678901")) is True
    fails("odd", "1")


def test_through_evaluate() -> None:
    assert feel.evaluate('decimal(5.5, 0, "HALF_DOWN")', now=NOW) == D(5)
    assert feel.evaluate("abs(n: -1) + abs(number: -1)", now=NOW) == D(2)
    value, failures = feel.evaluate_with_failures("sqrt(-1)", now=NOW)
    assert value is None and failures[0].type == "FUNCTION_INVOCATION_FAILURE"
