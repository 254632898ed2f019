"""Function invocation: built-ins resolved at compile time, function values at run time."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._builtins import BUILTINS
from ._errors import FeelEvaluationError
from ._scope import to_feel
from ._values import EvalContext, FeelFunction

Fn = Callable[[Any, EvalContext], Any]

# Failures that end the evaluation with an error instead of a null result.
HARD_FAILURES = frozenset({"ASSERTION_FAILURE", "EVALUATION_FAILURE"})
# Python errors a built-in may raise on odd input; they become a failure, as in feel-scala.
_IMPL_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError)


def normalise(value: Any) -> Any:
    """Results of built-ins and function values as FEEL values (an int becomes a Decimal)."""
    return to_feel(value)


def _failure(c: EvalContext, name: str, error: FeelEvaluationError) -> None:
    failure = error.failure
    if failure.type == "FUNCTION_INVOCATION_FAILURE":
        c.report(failure.type, f"Failed to invoke function '{name}': {failure.message}")
    else:
        c.report(failure.type, failure.message)


def _impl_failure(c: EvalContext, name: str, error: Exception) -> None:
    c.report("FUNCTION_INVOCATION_FAILURE", f"Failed to invoke function '{name}': {error}")


def _no_function(c: EvalContext, name: str, count: int) -> None:
    c.report("NO_FUNCTION_FOUND", f"No function found with name '{name}' and {count} parameters")


# --- built-ins ---------------------------------------------------------------------------

# (impl, permutation of the written arguments or None, variadic split or None)
_Candidate = tuple[Callable[..., Any], tuple[int | None, ...] | None, int | None]


def builtin_candidates(
    name: str, count: int, arg_names: tuple[str, ...] | None
) -> list[_Candidate] | None:
    """The overloads of ``name`` that accept this call shape, best first; None if no built-in
    has that name."""
    overloads = BUILTINS.get(name)
    if not overloads:
        return None
    found: list[_Candidate] = []
    if arg_names is None:
        for b in overloads:
            size = len(b.parameters)
            if not b.variadic and size - b.optional <= count <= size:
                found.append((b.impl, None, None))
        for b in overloads:
            if b.variadic and count >= len(b.parameters) - 1:
                found.append((b.impl, None, len(b.parameters) - 1))
        return found
    for b in overloads:
        params = tuple(b.parameters)
        if not set(arg_names) <= set(params) or len(set(arg_names)) != len(arg_names):
            continue
        required = params[: len(params) - b.optional]
        if b.variadic:
            required = required[:-1] if required and len(required) == len(params) else required
        if not set(required) <= set(arg_names):
            continue
        last = max(params.index(n) for n in arg_names) if arg_names else -1
        order = tuple(arg_names.index(p) if p in arg_names else None for p in params[: last + 1])
        found.append((b.impl, order, None))
    return found


def builtin_call(name: str, candidates: list[_Candidate], arg_fns: Sequence[Fn]) -> Fn:
    fns = tuple(arg_fns)

    def call(s: Any, c: EvalContext) -> Any:
        args = [f(s, c) for f in fns]
        error: Exception | None = None
        for impl, order, split in candidates:
            if order is not None:
                actual = [None if k is None else args[k] for k in order]
            elif split is not None:
                actual = [*args[:split], args[split:]]
            else:
                actual = args
            try:
                return normalise(impl(c, *actual))
            except FeelEvaluationError as problem:
                if problem.failure.type in HARD_FAILURES:
                    raise
                error = problem
            except _IMPL_ERRORS as problem:
                error = problem
        if isinstance(error, FeelEvaluationError):
            _failure(c, name, error)
        elif error is not None:
            _impl_failure(c, name, error)
        return None

    if len(fns) == 1 and len(candidates) == 1 and candidates[0][1] is None:
        impl, _, split = candidates[0]
        only = fns[0]
        if split is None:

            def call_one(s: Any, c: EvalContext) -> Any:
                arg = only(s, c)
                try:
                    return normalise(impl(c, arg))
                except FeelEvaluationError as problem:
                    if problem.failure.type in HARD_FAILURES:
                        raise
                    _failure(c, name, problem)
                except _IMPL_ERRORS as problem:
                    _impl_failure(c, name, problem)
                return None

            return call_one
    return call


# --- function values ---------------------------------------------------------------------


def invoke(
    fn: Any,
    args: list[Any],
    arg_names: tuple[str, ...] | None,
    c: EvalContext,
    name: str,
) -> Any:
    if not isinstance(fn, FeelFunction):
        _no_function(c, name, len(args))
        return None
    params = fn.parameters
    if arg_names is not None:
        unknown = [n for n in arg_names if n not in params]
        if unknown:
            _no_function(c, name, len(args))
            return None
        by_name = dict(zip(arg_names, args, strict=True))
        args = [by_name.get(p) for p in params]
    elif fn.variadic:
        split = len(params) - 1
        args = [*args[:split], args[split:]]
    elif len(args) > len(params):
        _no_function(c, name, len(args))
        return None
    try:
        return normalise(fn.invoke(c, args))
    except FeelEvaluationError as problem:
        if problem.failure.type in HARD_FAILURES or fn.name == "anonymous function":
            raise
        _failure(c, fn.name, problem)
    except _IMPL_ERRORS as problem:
        _impl_failure(c, fn.name, problem)
    return None
