"""What every built-in family shares: the ``Builtin`` record and argument checks.

Calling convention (the compiler relies on it):

- ``impl(ctx, *args)`` receives the arguments positionally in ``parameters`` order. Omitted
  trailing optional parameters are not passed (the impl has Python defaults), and null for an
  optional parameter means the same as leaving it out. A variadic parameter arrives as one list
  of the remaining arguments; impls of "any number of values" functions (``max``, ``sum``,
  ``union``...) treat a lone list in it as the values themselves, as feel-scala does.
- A FEEL name may have several overloads. Overloads of the same arity that differ only in
  parameter names (``before(point1, point2)`` / ``before(range1, range2)``) share one impl that
  dispatches on the argument types, so a positional call may pick any of them.
- When the arguments do not fit, an impl raises ``FeelEvaluationError``:
  ``FUNCTION_INVOCATION_FAILURE`` with the bare reason (the caller prefixes
  ``Failed to invoke function '<name>': ``), or ``ASSERTION_FAILURE`` from ``assert``, which
  feel-scala turns into an evaluation error rather than null.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Context, Decimal
from typing import Any, NoReturn

from .._errors import FeelEvaluationError
from .._temporal import compare as compare_temporal
from .._values import FeelFunction, FeelRange, YearsMonthsDuration

# DECIMAL128, as feel-scala's numbers.
DECIMAL = Context(prec=34, Emax=6144, Emin=-6143)

# Positions and sizes beyond this are clamped: a list or string can never be that long, and
# turning a Decimal like 1E+999999999 into a Python int would take forever.
_INDEX_LIMIT = 10**15


@dataclass(frozen=True, slots=True)
class Builtin:
    """One overload: ``optional`` trailing parameters may be left out; ``variadic`` makes the
    last parameter collect the remaining positional arguments."""

    name: str
    parameters: tuple[str, ...]
    impl: Callable[..., Any]
    optional: int = 0
    variadic: bool = False


def fail(message: str) -> NoReturn:
    raise FeelEvaluationError("FUNCTION_INVOCATION_FAILURE", message)


def is_number(value: object) -> bool:
    return isinstance(value, Decimal | int) and not isinstance(value, bool)


def type_name(value: object) -> str:
    """feel-scala's name of a value's type, for messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if is_number(value):
        return "number"
    names: list[tuple[type | tuple[type, ...], str]] = [
        (str, "string"),
        (list, "list"),
        (dict, "context"),
        (datetime.datetime, "date and time"),
        (datetime.date, "date"),
        (datetime.time, "time"),
        (datetime.timedelta, "days and time duration"),
        (YearsMonthsDuration, "years and months duration"),
        (FeelRange, "range"),
        (FeelFunction, "function"),
    ]
    for kind, name in names:
        if isinstance(value, kind):
            return name
    return type(value).__name__


def illegal(*args: object) -> NoReturn:
    kinds = ", ".join(type_name(arg) for arg in args)
    fail(f"Illegal arguments: ({kinds})")


def number(value: object) -> Decimal:
    if not is_number(value):
        fail(f"expected number but found '{type_name(value)}'")
    n = value if isinstance(value, Decimal) else Decimal(value)  # type: ignore[arg-type]
    # Only DECIMAL128 values: a Decimal from Python may be NaN or beyond the exponent range.
    if not n.is_finite() or n.adjusted() > DECIMAL.Emax:
        fail(f"expected a number in the range of DECIMAL128 but found '{n}'")
    return n


def integer(value: object) -> int:
    """A number as an index or size, truncated toward zero like Java's ``intValue``."""
    n = number(value)
    if not n.is_finite():
        fail(f"expected a finite number but found '{n}'")
    if n.adjusted() >= 15:
        return _INDEX_LIMIT if n > 0 else -_INDEX_LIMIT
    return int(n)


def string(value: object) -> str:
    if not isinstance(value, str):
        fail(f"expected string but found '{type_name(value)}'")
    return value


def list_of(value: object) -> list[Any]:
    if not isinstance(value, list):
        fail(f"expected list but found '{type_name(value)}'")
    return value


def context_of(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        fail(f"expected context but found '{type_name(value)}'")
    return value


def boolean(value: object) -> bool:
    if not isinstance(value, bool):
        fail(f"expected boolean but found '{type_name(value)}'")
    return value


def order(a: object, b: object) -> int | None:
    """-1, 0 or 1 for two values FEEL can order (numbers, strings, temporal values); else None."""
    if is_number(a) and is_number(b):
        if _is_nan(a) or _is_nan(b):
            return None
        return int(a > b) - int(a < b)  # type: ignore[operator]
    if isinstance(a, str) and isinstance(b, str):
        return (a > b) - (a < b)
    return compare_temporal(a, b)


def _is_nan(value: object) -> bool:
    return isinstance(value, Decimal) and value.is_nan()
