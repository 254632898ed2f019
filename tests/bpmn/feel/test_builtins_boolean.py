"""Boolean built-ins and feel-scala's null helpers."""

from __future__ import annotations

import datetime
from decimal import Decimal as D
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bpmn import feel
from bpmn.feel import FeelEvaluationError
from bpmn.feel._builtins import BUILTINS
from bpmn.feel._values import EvalContext

NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)


def call(name: str, *args: Any) -> Any:
    """A positional call: non-variadic overloads first, then the variadic one."""
    ctx = EvalContext(NOW)
    overloads = sorted(BUILTINS[name], key=lambda b: b.variadic)
    error: FeelEvaluationError | None = None
    for builtin in overloads:
        size = len(builtin.parameters)
        if builtin.variadic and len(args) >= size - 1:
            actual = [*args[: size - 1], list(args[size - 1 :])]
        elif not builtin.variadic and size - builtin.optional <= len(args) <= size:
            actual = list(args)
        else:
            continue
        try:
            return builtin.impl(ctx, *actual)
        except FeelEvaluationError as problem:
            error = problem
    assert error is not None, f"no overload of {name} takes {len(args)} arguments"
    raise error


def fails(name: str, *args: Any) -> str:
    with pytest.raises(FeelEvaluationError) as raised:
        call(name, *args)
    return raised.value.failure.message


def test_not_is_three_valued() -> None:
    assert call("not", True) is False
    assert call("not", False) is True
    assert call("not", None) is None
    assert call("not", D(1)) is None


def test_is_defined_and_get_or_else() -> None:
    assert call("is defined", D(1)) is True
    assert call("is defined", []) is True
    assert call("is defined", None) is False
    assert call("get or else", None, "default") == "default"
    assert call("get or else", D(3), D(1)) == D(3)
    assert call("get or else", None, None) is None


def test_assert_returns_the_value_or_raises_an_assertion_failure() -> None:
    assert call("assert", D(4), True) == D(4)
    with pytest.raises(FeelEvaluationError) as raised:
        call("assert", D(4), False)
    assert raised.value.failure.type == "ASSERTION_FAILURE"
    assert raised.value.failure.message == "The condition is not fulfilled"
    with pytest.raises(FeelEvaluationError) as raised:
        call("assert", None, None, "The condition is not true")
    assert raised.value.failure.message == "The condition is not true"


def test_is_compares_type_value_and_zone() -> None:
    assert call("is", D(1), D("1.0")) is True
    assert call("is", D(1), "1") is False
    assert call("is", datetime.date(2020, 1, 1), datetime.datetime(2020, 1, 1)) is False
    utc = datetime.datetime(2020, 1, 1, 12, tzinfo=datetime.UTC)
    assert call("is", utc, utc.astimezone(ZoneInfo("Europe/Berlin"))) is False
    assert call("is", utc, utc) is True


def test_through_evaluate() -> None:
    assert feel.evaluate("is defined(missing)", now=NOW) is False
    assert feel.evaluate("get or else(value: null, default: 1)", now=NOW) == D(1)
    with pytest.raises(FeelEvaluationError):
        feel.evaluate("assert(x, x > 5)", {"x": D(4)}, now=NOW)
