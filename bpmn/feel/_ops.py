"""FEEL operators on values: arithmetic, comparison, equality, three-valued logic, types.

Each function takes already evaluated operands and the ``EvalContext`` to report failures in;
a problem yields None (null) and a failure, as feel-scala does. The compiler inlines the common
number/string cases and calls these for the rest.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)
from typing import Any

from . import _temporal
from ._ast import TypeSpec
from ._equality import feel_equal
from ._errors import FeelEvaluationError
from ._format import show
from ._values import EvalContext, FeelFunction, FeelRange, YearsMonthsDuration

# DECIMAL128, as feel-scala's numbers; overflow and invalid operations become null.
DECIMAL = Context(
    prec=34,
    rounding=ROUND_HALF_EVEN,
    Emax=6144,
    Emin=-6143,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
_ARITH_ERRORS = (InvalidOperation, DivisionByZero, Overflow, ValueError, OverflowError)

_TEMPORAL_TYPES = (datetime.date, datetime.time, datetime.timedelta, YearsMonthsDuration)


def is_number(value: Any) -> bool:
    kind = type(value)
    return kind is Decimal or kind is int


# --- arithmetic --------------------------------------------------------------------------


def _temporal_op(name: str, a: Any, b: Any, c: EvalContext, verb: str) -> Any:
    if isinstance(a, _TEMPORAL_TYPES) or isinstance(b, _TEMPORAL_TYPES):
        try:
            return getattr(_temporal, name)(a, b)
        except FeelEvaluationError:
            pass
    c.report("INVALID_TYPE", verb)
    return None


def add(a: Any, b: Any, c: EvalContext) -> Any:
    if is_number(a) and is_number(b):
        try:
            return DECIMAL.add(a, b)
        except _ARITH_ERRORS:
            return _overflow(c, "add", a, b)
    if a is None or b is None:
        return None
    if type(a) is str and type(b) is str:
        return a + b
    return _temporal_op("add", a, b, c, f"Can't add '{show(b)}' to '{show(a)}'")


def subtract(a: Any, b: Any, c: EvalContext) -> Any:
    if is_number(a) and is_number(b):
        try:
            return DECIMAL.subtract(a, b)
        except _ARITH_ERRORS:
            return _overflow(c, "subtract", a, b)
    if a is None or b is None:
        return None
    return _temporal_op("subtract", a, b, c, f"Can't subtract '{show(b)}' from '{show(a)}'")


def multiply(a: Any, b: Any, c: EvalContext) -> Any:
    if is_number(a) and is_number(b):
        try:
            return DECIMAL.multiply(a, b)
        except _ARITH_ERRORS:
            return _overflow(c, "multiply", a, b)
    if a is None or b is None:
        return None
    return _temporal_op("multiply", a, b, c, f"Can't multiply '{show(a)}' by '{show(b)}'")


def divide(a: Any, b: Any, c: EvalContext) -> Any:
    if is_number(a) and is_number(b):
        if not b:
            c.report("INVALID_TYPE", f"Can't divide '{show(a)}' by zero")
            return None
        try:
            return DECIMAL.divide(a, b)
        except _ARITH_ERRORS:
            return _overflow(c, "divide", a, b)
    if a is None or b is None:
        return None
    return _temporal_op("divide", a, b, c, f"Can't divide '{show(a)}' by '{show(b)}'")


def power(a: Any, b: Any, c: EvalContext) -> Any:
    if is_number(a) and is_number(b):
        try:
            if abs(b) > 999_999_999:
                raise Overflow
            if type(b) is int or b == b.to_integral_value():
                if not b:
                    return Decimal(1)  # 0 ** 0 too, as Java's BigDecimal.pow
                result = DECIMAL.power(a, int(b))
            else:
                result = DECIMAL.power(a, b)
        except _ARITH_ERRORS:
            result = None
        if result is None or not result.is_finite():
            c.report("INVALID_TYPE", f"Can't raise '{show(a)}' to the power '{show(b)}'")
            return None
        return result
    if a is None or b is None:
        return None
    c.report("INVALID_TYPE", f"Can't raise '{show(a)}' to the power '{show(b)}'")
    return None


def negate(a: Any, c: EvalContext) -> Any:
    if is_number(a):
        return DECIMAL.minus(a)
    if a is None:
        return None
    if isinstance(a, datetime.timedelta):
        return -a
    if isinstance(a, YearsMonthsDuration):
        return YearsMonthsDuration(-a.months)
    c.report("INVALID_TYPE", f"Can't negate '{show(a)}'")
    return None


def _overflow(c: EvalContext, verb: str, a: Any, b: Any) -> None:
    c.report("INVALID_TYPE", f"Can't {verb} '{show(a)}' and '{show(b)}': number out of range")
    return None


ARITHMETIC: dict[str, Callable[[Any, Any, EvalContext], Any]] = {
    "+": add,
    "-": subtract,
    "*": multiply,
    "/": divide,
    "**": power,
}

# --- comparison --------------------------------------------------------------------------

ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def equal(a: Any, b: Any, c: EvalContext) -> bool | None:
    same = feel_equal(a, b)
    if same is None:
        c.report("NOT_COMPARABLE", f"Can't compare '{show(a)}' with '{show(b)}'")
    return same


def not_equal(a: Any, b: Any, c: EvalContext) -> bool | None:
    same = equal(a, b, c)
    return None if same is None else not same


def order_silent(a: Any, b: Any) -> int | None:
    """-1, 0 or 1 when ``a`` and ``b`` are ordered values of one type, else None."""
    if a is None or b is None:
        return None
    if (is_number(a) and is_number(b)) or (type(a) is str and type(b) is str):
        return int(a > b) - int(a < b)
    if isinstance(a, _TEMPORAL_TYPES) and isinstance(b, _TEMPORAL_TYPES):
        try:
            result: int | None = _temporal.compare(a, b)
            return result
        except FeelEvaluationError:
            return None
    return None


def order(a: Any, b: Any, c: EvalContext) -> int | None:
    result = order_silent(a, b)
    if result is None and a is not None and b is not None:
        c.report("NOT_COMPARABLE", f"Can't compare '{show(a)}' with '{show(b)}'")
    return result


def compare(op: str, a: Any, b: Any, c: EvalContext) -> bool | None:
    if op == "=":
        return equal(a, b, c)
    if op == "!=":
        return not_equal(a, b, c)
    kind = type(a)
    if kind is type(b) and (kind is Decimal or kind is str):
        return ORDER[op](a, b)
    result = order(a, b, c)
    return None if result is None else ORDER[op](result, 0)


# --- logic -------------------------------------------------------------------------------


def expect_boolean(value: Any, c: EvalContext) -> None:
    if value is not None and type(value) is not bool:
        c.report("INVALID_TYPE", f"Expected boolean but found '{show(value)}'")


def feel_not(value: Any, c: EvalContext) -> bool | None:
    if type(value) is bool:
        return not value
    expect_boolean(value, c)
    return None


# --- types -------------------------------------------------------------------------------

_SIMPLE_TYPES: dict[str, Callable[[Any], bool]] = {
    "number": is_number,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "date": lambda v: type(v) is datetime.date,
    "time": lambda v: isinstance(v, datetime.time),
    "date and time": lambda v: isinstance(v, datetime.datetime),
    "days and time duration": lambda v: isinstance(v, datetime.timedelta),
    "years and months duration": lambda v: isinstance(v, YearsMonthsDuration),
    "list": lambda v: type(v) is list,
    "context": lambda v: type(v) is dict,
    "function": lambda v: isinstance(v, FeelFunction),
    "range": lambda v: isinstance(v, FeelRange),
    "Any": lambda v: v is not None,
    "Null": lambda v: v is None,
    "null": lambda v: v is None,
}


def type_check(spec: TypeSpec) -> Callable[[Any], bool] | None:
    """A predicate for ``instance of spec``, or None for an unknown type name."""
    simple = _SIMPLE_TYPES.get(spec.name)
    if simple is None:
        return None
    if spec.name == "list" and spec.args:
        inner = type_check(spec.args[0])
        if inner is None:
            return None
        return lambda v: type(v) is list and all(inner(x) for x in v)
    if spec.name == "context" and spec.fields:
        checks = [(key, type_check(field)) for key, field in spec.fields]
        if any(check is None for _, check in checks):
            return None
        return lambda v: (
            type(v) is dict
            and all(
                key in v and check(v[key])  # type: ignore[misc]
                for key, check in checks
            )
        )
    if spec.name == "function" and spec.args:
        count = len(spec.args) - 1
        return lambda v: isinstance(v, FeelFunction) and (v.variadic or len(v.parameters) == count)
    return simple
