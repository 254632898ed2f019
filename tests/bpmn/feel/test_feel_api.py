"""The public surface of bpmn.feel that the engine and DMN rely on."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from bpmn import feel


def test_all_is_sorted_and_complete() -> None:
    assert feel.__all__ == sorted(feel.__all__)
    public = {name for name in dir(feel) if not name.startswith("_")}
    assert set(feel.__all__) == public - {"annotations"}


def test_compile_once_evaluate_many() -> None:
    expression = feel.compile("a + b")
    assert isinstance(expression, feel.Expression)
    assert expression.evaluate({"a": 1, "b": 2}) == 3
    assert expression.evaluate({"a": Decimal("1.5"), "b": 2}) == Decimal("3.5")
    assert feel.compile("a + b") is expression  # the cache


def test_evaluate_with_failures_returns_value_and_failures() -> None:
    value, failures = feel.evaluate_with_failures("a")
    assert value is None
    assert failures == [feel.Failure("NO_VARIABLE_FOUND", "No variable found with name 'a'")]


def test_now_comes_from_the_caller() -> None:
    now = datetime.datetime(2030, 5, 6, 7, 8, 9, tzinfo=datetime.UTC)
    assert feel.evaluate("now()", now=now) == now
    assert feel.evaluate("today()", now=now) == datetime.date(2030, 5, 6)


def test_unary_test_takes_text_or_compiled_tests() -> None:
    compiled = feel.compile_unary_tests("[1..10]")
    assert isinstance(compiled, feel.UnaryTests)
    assert feel.unary_test(compiled, 5) is True
    assert feel.unary_test("[1..10]", 11) is False
    assert compiled.evaluate(3) is True


def test_errors_form_one_tree() -> None:
    assert issubclass(feel.FeelSyntaxError, feel.FeelError)
    assert issubclass(feel.FeelEvaluationError, feel.FeelError)
    with pytest.raises(feel.FeelSyntaxError):
        feel.compile_unary_tests("< < 5")


def test_non_string_expression_is_a_syntax_error() -> None:
    with pytest.raises(feel.FeelSyntaxError):
        feel.Expression(42)  # type: ignore[arg-type]
