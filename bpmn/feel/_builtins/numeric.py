"""Numeric functions on DECIMAL128-like ``Decimal`` values.

``random number()`` is left out on purpose: evaluation in the engine must be deterministic.
"""

from __future__ import annotations

import datetime
from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Context,
    Decimal,
    Inexact,
)

from .._values import EvalContext, YearsMonthsDuration
from ._base import DECIMAL, Builtin, fail, illegal, integer, is_number, number, string

# BigDecimal scales DECIMAL128 can represent.
_MIN_SCALE, _MAX_SCALE = -6111, 6176

_MODES = {
    "UP": ROUND_UP,
    "DOWN": ROUND_DOWN,
    "CEILING": ROUND_CEILING,
    "FLOOR": ROUND_FLOOR,
    "HALF_UP": ROUND_HALF_UP,
    "HALF_DOWN": ROUND_HALF_DOWN,
    "HALF_EVEN": ROUND_HALF_EVEN,
}


def _round(value: object, scale: object, rounding: str | None) -> Decimal:
    n = number(value)
    digits = integer(scale)
    if not _MIN_SCALE <= digits <= _MAX_SCALE:
        fail(f"scale must be between {_MIN_SCALE} and {_MAX_SCALE} but was '{digits}'")
    if not n.is_finite():
        fail(f"expected a finite number but found '{n}'")
    # Enough precision for every digit the new scale keeps: the result is exact, as setScale.
    precision = max(34, n.adjusted() + digits + 2)
    context = Context(prec=precision, rounding=rounding or ROUND_HALF_EVEN, Emax=99999, Emin=-99999)
    if rounding is None:
        context.traps[Inexact] = True
        context.rounding = ROUND_HALF_EVEN
    try:
        return n.quantize(Decimal(1).scaleb(-digits), context=context)
    except Inexact:
        fail("Failed to apply rounding mode 'UNNECESSARY': Rounding necessary")
    except ArithmeticError as error:
        fail(f"Failed to round {n} to scale {digits}: {error!r}")


def decimal(ctx: EvalContext, n: object, scale: object, mode: object = None) -> Decimal:
    if mode is None:
        return _round(n, scale, ROUND_HALF_EVEN)
    name = string(mode).upper()
    if name == "UNNECESSARY":
        return _round(n, scale, None)
    if name not in _MODES:
        fail(
            f"Illegal argument '{string(mode)[:50]}' for rounding mode. Must be one of: "
            "UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN, UNNECESSARY"
        )
    return _round(n, scale, _MODES[name])


def floor(ctx: EvalContext, n: object, scale: object = 0) -> Decimal:
    return _round(n, scale, ROUND_FLOOR)


def ceiling(ctx: EvalContext, n: object, scale: object = 0) -> Decimal:
    return _round(n, scale, ROUND_CEILING)


def round_up(ctx: EvalContext, n: object, scale: object) -> Decimal:
    return _round(n, scale, ROUND_UP)


def round_down(ctx: EvalContext, n: object, scale: object) -> Decimal:
    return _round(n, scale, ROUND_DOWN)


def round_half_up(ctx: EvalContext, n: object, scale: object) -> Decimal:
    return _round(n, scale, ROUND_HALF_UP)


def round_half_down(ctx: EvalContext, n: object, scale: object) -> Decimal:
    return _round(n, scale, ROUND_HALF_DOWN)


def absolute(ctx: EvalContext, n: object) -> object:
    if is_number(n):
        return abs(number(n))
    if isinstance(n, datetime.timedelta):
        return abs(n)
    if isinstance(n, YearsMonthsDuration):
        return YearsMonthsDuration(abs(n.months))
    illegal(n)


def modulo(ctx: EvalContext, dividend: object, divisor: object) -> Decimal:
    """The remainder with the divisor's sign; exact, however far apart the operands are."""
    a, b = number(dividend), number(divisor)
    if b == 0:
        fail("divisor must not be zero")
    if not (a.is_finite() and b.is_finite()):
        fail("expected finite numbers")
    precision = max(34, a.adjusted() - b.adjusted() + len(b.as_tuple().digits) + 2)
    if precision > _MAX_SCALE:
        fail(f"the dividend {a} is too large for the divisor {b}")
    exact = Context(prec=precision, Emax=99999, Emin=-99999)
    remainder = exact.remainder(a, b)
    if remainder and (remainder < 0) != (b < 0):
        remainder = exact.add(remainder, b)
    return DECIMAL.plus(remainder)


def sqrt(ctx: EvalContext, n: object) -> Decimal:
    value = number(n)
    if value < 0:
        fail(f"Failed to compute the square root of the negative number '{value}'")
    return DECIMAL.sqrt(value)


def log(ctx: EvalContext, n: object) -> Decimal:
    value = number(n)
    if value <= 0:
        fail(f"Failed to compute the logarithm of '{value}': it must be greater than zero")
    return DECIMAL.ln(value)


def exp(ctx: EvalContext, n: object) -> Decimal:
    try:
        return DECIMAL.exp(number(n))
    except ArithmeticError:
        fail(f"exp({n}) is out of range")


def _parity(n: object) -> int | None:
    """0 or 1 for a whole number, from its units digit (``%`` fails on huge values)."""
    value = number(n)
    if not value.is_finite() or value != value.to_integral_value():
        return None
    _, digits, exponent = value.as_tuple()
    if not isinstance(exponent, int) or exponent > 0:
        return 0
    units = len(digits) - 1 + exponent
    return digits[units] % 2 if units >= 0 else 0


def odd(ctx: EvalContext, n: object) -> bool:
    # feel-scala: a number that is not whole is neither odd nor even.
    return _parity(n) == 1


def even(ctx: EvalContext, n: object) -> bool:
    return _parity(n) == 0


BUILTINS = [
    Builtin("decimal", ("n", "scale", "mode"), decimal, optional=1),
    Builtin("floor", ("n", "scale"), floor, optional=1),
    Builtin("ceiling", ("n", "scale"), ceiling, optional=1),
    Builtin("round up", ("n", "scale"), round_up),
    Builtin("round down", ("n", "scale"), round_down),
    Builtin("round half up", ("n", "scale"), round_half_up),
    Builtin("round half down", ("n", "scale"), round_half_down),
    Builtin("abs", ("n",), absolute),
    Builtin("abs", ("number",), absolute),
    Builtin("modulo", ("dividend", "divisor"), modulo),
    Builtin("sqrt", ("number",), sqrt),
    Builtin("log", ("number",), log),
    Builtin("exp", ("number",), exp),
    Builtin("odd", ("number",), odd),
    Builtin("even", ("number",), even),
]
