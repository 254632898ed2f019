"""Unary tests: ``< 5``, ``[1..10]``, ``"a", "b"``, ``not(...)``, ``-``, ``? > x``.

A compiled test is ``test(scope, ctx, input) -> True | False | None``. How an expression used
as a test matches the input follows feel-scala 1.17:

- an expression that mentions ``?`` is a condition: its boolean result is the answer;
- otherwise its value is compared with the input: equal values match, a list matches when it
  contains the input, a range when it includes it, and a boolean stands for itself when the
  input is not a boolean (``x`` bound to true matches anything but null).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import _ast as A
from ._equality import feel_equal
from ._errors import FeelEvaluationError
from ._format import show
from ._ops import compare, order_silent
from ._scope import MISSING, Scope
from ._values import EvalContext, FeelRange

if TYPE_CHECKING:
    from ._compiler import Compiler

Test = Callable[[Any, EvalContext, Any], Any]

_NO_INPUT = "No input value available. '?' can only be used inside an unary-test expression."


def input_value(s: Any) -> Any:
    """The value ``?`` stands for: bound by a unary test, else feel-scala's ``cellInput``."""
    value = s.get("?", MISSING)
    if value is MISSING:
        value = s.get("cellInput", MISSING)
        if value is MISSING:
            raise FeelEvaluationError("EVALUATION_FAILURE", _NO_INPUT)
    return value


def in_range(x: Any, r: FeelRange, c: EvalContext) -> bool | None:
    if x is None:
        return None
    low = 1 if r.start is None else order_silent(x, r.start)
    high = -1 if r.end is None else order_silent(x, r.end)
    if low is None or high is None:
        c.report(
            "NOT_COMPARABLE",
            f"Can't compare '{show(x)}' with '{show(r.start)}' and '{show(r.end)}'",
        )
        return None
    above = low > 0 or (low == 0 and r.start_included)
    below = high < 0 or (high == 0 and r.end_included)
    return above and below


def matches_value(x: Any, v: Any, c: EvalContext) -> bool | None:
    same = feel_equal(x, v)
    if same is True:
        return True
    kind = type(v)
    if kind is bool:
        return False if x is None or type(x) is bool else v
    if kind is list:
        return any(feel_equal(x, item) is True for item in v)
    if kind is FeelRange:
        return in_range(x, v, c)
    if same is None:
        c.report("NOT_COMPARABLE", f"Can't compare '{show(x)}' with '{show(v)}'")
        return None
    return False


def compile_test(compiler: Compiler, node: A.Node, nested: bool) -> Test:
    if isinstance(node, A.TestAny):
        return lambda s, c, x: True
    if isinstance(node, A.TestCompare):
        op = node.op
        endpoint = compiler.compile(node.endpoint, nested)

        def compare_input(s: Any, c: EvalContext, x: Any) -> Any:
            if x is None:
                return None
            return compare(op, x, endpoint(s, c), c)

        return compare_input
    if isinstance(node, A.TestList):
        tests = [compile_test(compiler, test, nested) for test in node.tests]
        negated = node.negated

        def any_of(s: Any, c: EvalContext, x: Any) -> Any:
            unknown = False
            for test in tests:
                result = test(s, c, x)
                if result is True:
                    return not negated
                if result is None:
                    unknown = True
            return None if unknown else negated

        return any_of
    if isinstance(node, A.TestExpr):
        if node.uses_input:
            condition = compiler.compile(node.expr, True)

            def with_input(s: Any, c: EvalContext, x: Any) -> Any:
                result = condition(Scope({"?": x}, s), c)
                return result if type(result) is bool else None

            return with_input
        expr = node.expr
        if isinstance(expr, A.RangeLit):
            start = compiler.compile(expr.start, nested)
            end = compiler.compile(expr.end, nested)
            first, last = expr.start_included, expr.end_included
            return lambda s, c, x: in_range(x, FeelRange(start(s, c), end(s, c), first, last), c)
        value = compiler.compile(expr, nested)
        return lambda s, c, x: matches_value(x, value(s, c), c)
    # any other expression node: a value to match
    value = compiler.compile(node, nested)
    return lambda s, c, x: matches_value(x, value(s, c), c)
