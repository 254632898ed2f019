"""The public face of FEEL: compiled expressions and unary tests, and cached one-shot helpers."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

from ._ast import RangeLit, TestExpr
from ._budget import BudgetedContext
from ._compiler import Compiler
from ._errors import Failure, FeelError, FeelEvaluationError, FeelSyntaxError
from ._parser import parse_expression, parse_unary_tests
from ._scope import MISSING, to_feel
from ._values import EvalContext

_EMPTY: Mapping[str, Any] = {}
_MAX_LENGTH = 1_000_000  # characters; longer text is refused before parsing


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC)


def _contained(error: Exception) -> FeelEvaluationError:
    """A Python error from inside an evaluation as a FEEL error: a bug in a built-in or a
    runaway recursion must cost this evaluation, never the caller."""
    if isinstance(error, RecursionError):
        return FeelEvaluationError("EVALUATION_FAILURE", "The evaluation recursed too deeply")
    return FeelEvaluationError(
        "EVALUATION_FAILURE", f"Failed to evaluate: {type(error).__name__}: {error}"
    )


def _check_text(text: Any) -> str:
    if not isinstance(text, str):
        raise FeelSyntaxError("Expected the expression as a string", str(text)[:80], 0)
    if len(text) > _MAX_LENGTH:
        raise FeelSyntaxError(
            f"Expression is too long ({len(text)} characters, at most {_MAX_LENGTH})", text, 0
        )
    return text


def _interval_or_test(
    as_range: Callable[[Any, EvalContext], Any], as_test: Callable[[Any, EvalContext, Any], Any]
) -> Callable[[Any, EvalContext], Any]:
    """An expression that is just an interval, ``(2..4)``: feel-scala tests its input value
    (``cellInput``) when there is one, and otherwise yields the range."""

    def evaluate(variables: Any, ctx: EvalContext) -> Any:
        value = variables.get("cellInput", MISSING)
        if value is MISSING:
            return as_range(variables, ctx)
        return as_test(variables, ctx, to_feel(value))

    return evaluate


class Expression:
    """A FEEL expression compiled once, to evaluate any number of times."""

    __slots__ = ("_fn", "text")

    def __init__(self, text: str) -> None:
        text = _check_text(text)
        self.text = text
        try:
            node = parse_expression(text)
            self._fn = Compiler(text).compile(node, False)
            if isinstance(node, RangeLit):
                self._fn = _interval_or_test(
                    self._fn, Compiler(text).test(TestExpr(node, False), False)
                )
        except RecursionError:
            raise FeelSyntaxError("Expression is nested too deeply", text, 0) from None

    @classmethod
    def from_zeebe(cls, text: str) -> Expression:
        """Compile an expression as a BPMN attribute holds it, with its leading ``=``."""
        stripped = text.lstrip()
        return cls(stripped[1:] if stripped.startswith("=") else text)

    def evaluate(
        self, variables: Mapping[str, Any] | None = None, *, now: datetime.datetime | None = None
    ) -> Any:
        ctx = BudgetedContext(_now() if now is None else now)
        try:
            return self._fn(_EMPTY if variables is None else variables, ctx)
        except FeelError:
            raise
        except Exception as error:  # the API boundary: see _contained
            raise _contained(error) from error

    def evaluate_with_failures(
        self, variables: Mapping[str, Any] | None = None, *, now: datetime.datetime | None = None
    ) -> tuple[Any, list[Failure]]:
        ctx = BudgetedContext(_now() if now is None else now)
        try:
            value = self._fn(_EMPTY if variables is None else variables, ctx)
        except FeelError:
            raise
        except Exception as error:  # the API boundary: see _contained
            raise _contained(error) from error
        return value, ctx.failures

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"


class UnaryTests:
    """Unary tests (``< 5``, ``[1..10]``, ``"a","b"``) compiled once."""

    __slots__ = ("_test", "text")

    def __init__(self, text: str) -> None:
        text = _check_text(text)
        self.text = text
        try:
            self._test = Compiler(text).test(parse_unary_tests(text), False)
        except RecursionError:
            raise FeelSyntaxError("Unary tests are nested too deeply", text, 0) from None

    def evaluate(
        self,
        input_value: Any,
        variables: Mapping[str, Any] | None = None,
        *,
        now: datetime.datetime | None = None,
    ) -> bool | None:
        return self.evaluate_with_failures(input_value, variables, now=now)[0]

    def evaluate_with_failures(
        self,
        input_value: Any,
        variables: Mapping[str, Any] | None = None,
        *,
        now: datetime.datetime | None = None,
    ) -> tuple[bool | None, list[Failure]]:
        ctx = BudgetedContext(_now() if now is None else now)
        try:
            result = self._test(
                _EMPTY if variables is None else variables, ctx, to_feel(input_value)
            )
        except FeelError:
            raise
        except Exception as error:  # the API boundary: see _contained
            raise _contained(error) from error
        return (result if type(result) is bool else None), ctx.failures

    def __repr__(self) -> str:
        return f"UnaryTests({self.text!r})"


@lru_cache(maxsize=1024)
def compile_expression(expression: str) -> Expression:
    return Expression(expression)


@lru_cache(maxsize=1024)
def compile_unary_tests(tests: str) -> UnaryTests:
    return UnaryTests(tests)


def evaluate(
    expression: str,
    variables: Mapping[str, Any] | None = None,
    *,
    now: datetime.datetime | None = None,
) -> Any:
    return compile_expression(expression).evaluate(variables, now=now)


def evaluate_with_failures(
    expression: str,
    variables: Mapping[str, Any] | None = None,
    *,
    now: datetime.datetime | None = None,
) -> tuple[Any, list[Failure]]:
    return compile_expression(expression).evaluate_with_failures(variables, now=now)


def unary_test(
    tests: str | UnaryTests,
    input_value: Any,
    variables: Mapping[str, Any] | None = None,
    *,
    now: datetime.datetime | None = None,
) -> bool | None:
    """Whether ``input_value`` passes ``tests`` (text, compiled and cached, or ``UnaryTests``)."""
    compiled = tests if isinstance(tests, UnaryTests) else compile_unary_tests(tests)
    return compiled.evaluate(input_value, variables, now=now)
