"""Calling built-ins straight through the BUILTINS table, as a positional FEEL call does."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from bpmn.feel import FeelEvaluationError
from bpmn.feel._builtins import BUILTINS
from bpmn.feel._values import EvalContext

NOW = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)


def call(name: str, *args: Any) -> Any:
    """The first overload that takes the arguments: non-variadic overloads first."""
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


def failure(name: str, *args: Any) -> FeelEvaluationError:
    with pytest.raises(FeelEvaluationError) as raised:
        call(name, *args)
    return raised.value


def fails(name: str, *args: Any) -> str:
    """The message of the failure the call raises."""
    return failure(name, *args).failure.message
