"""Syntax tree to Python closures, once per expression.

Every node becomes a closure ``f(scope, ctx) -> value``. Dispatch on the node type happens here,
at compile time; evaluation only calls closures. ``nested`` tells whether the closure runs
inside a ``Scope`` (values there are FEEL values already) or directly on the caller's variables
(values may need converting: ``to_feel``). The common shapes of conditions get closures of their
own: ``amount > 100`` compares a looked-up Decimal with a constant without any further call.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from . import _ast as A
from ._ast import names_in
from ._budget import CALL_STEPS, spend
from ._calls import Fn, builtin_call, builtin_candidates, invoke
from ._errors import FeelEvaluationError, FeelSyntaxError
from ._loops import compile_filter, compile_for, compile_quantified
from ._ops import (
    ARITHMETIC,
    DECIMAL,
    ORDER,
    compare,
    equal,
    expect_boolean,
    feel_not,
    negate,
    type_check,
)
from ._paths import get_path
from ._scope import MISSING, Scope, to_feel
from ._temporal import parse_temporal
from ._unary import compile_test, input_value
from ._values import EvalContext, FeelFunction, FeelRange


def _no_variable(c: EvalContext, name: str) -> None:
    c.report("NO_VARIABLE_FOUND", f"No variable found with name '{name}'")
    return None


def _resolve(value: Any, name: str, c: EvalContext) -> Any:
    """A root lookup's result as a FEEL value (the slow path of a name closure)."""
    if value is MISSING:
        return _no_variable(c, name)
    return to_feel(value)


class Compiler:
    def __init__(self, text: str) -> None:
        self.text = text

    def compile(self, node: A.Node, nested: bool) -> Fn:
        method: Callable[[Any, bool], Fn] = getattr(self, "_" + type(node).__name__)
        return method(node, nested)

    def test(self, node: A.Node, nested: bool) -> Callable[[Any, EvalContext, Any], Any]:
        return compile_test(self, node, nested)

    # --- leaves --------------------------------------------------------------------------

    def _Const(self, node: A.Const, nested: bool) -> Fn:
        value = node.value
        return lambda s, c: value

    def _Temporal(self, node: A.Temporal, nested: bool) -> Fn:
        try:
            value = parse_temporal(node.text)
        except FeelEvaluationError as error:
            failure = error.failure

            def invalid(s: Any, c: EvalContext) -> Any:
                c.report(failure.type, failure.message)
                return None

            return invalid
        return lambda s, c: value

    def _Name(self, node: A.Name, nested: bool) -> Fn:
        name = node.name
        if nested:

            def lookup_nested(s: Any, c: EvalContext) -> Any:
                value = s.get(name, MISSING)
                if value is MISSING:
                    return _no_variable(c, name)
                return value

            return lookup_nested

        def lookup(s: Any, c: EvalContext) -> Any:
            value = s.get(name, MISSING)
            kind = type(value)
            if kind is Decimal or kind is str or kind is bool:
                return value
            return _resolve(value, name, c)

        return lookup

    def _InputValue(self, node: A.InputValue, nested: bool) -> Fn:
        return lambda s, c: input_value(s)

    # --- collections ---------------------------------------------------------------------

    def _ListLit(self, node: A.ListLit, nested: bool) -> Fn:
        fns = [self.compile(item, nested) for item in node.items]
        if all(isinstance(item, A.Const) for item in node.items):
            constant = [item.value for item in node.items]  # type: ignore[attr-defined]
            return lambda s, c: list(constant)
        return lambda s, c: [f(s, c) for f in fns]

    def _ContextLit(self, node: A.ContextLit, nested: bool) -> Fn:
        keys = {key for key, _ in node.entries}
        scoped = bool(keys & names_in(node))
        entries = [(key, self.compile(value, nested or scoped)) for key, value in node.entries]
        if not scoped:

            def build(s: Any, c: EvalContext) -> Any:
                return {key: f(s, c) for key, f in entries}

            return build

        def build_scoped(s: Any, c: EvalContext) -> Any:
            result: dict[str, Any] = {}
            inner = Scope(result, s)
            for key, f in entries:
                result[key] = f(inner, c)
            return result

        return build_scoped

    def _RangeLit(self, node: A.RangeLit, nested: bool) -> Fn:
        start = self.compile(node.start, nested)
        end = self.compile(node.end, nested)
        first, last = node.start_included, node.end_included
        return lambda s, c: FeelRange(start(s, c), end(s, c), first, last)

    # --- operators -----------------------------------------------------------------------

    def _Arith(self, node: A.Arith, nested: bool) -> Fn:
        first = self.compile(node.first, nested)
        rest = [(ARITHMETIC[op], self.compile(operand, nested)) for op, operand in node.rest]
        if len(rest) == 1:
            op = node.rest[0][0]
            generic, right = rest[0]
            fast = {"+": DECIMAL.add, "-": DECIMAL.subtract, "*": DECIMAL.multiply}.get(op)
            if fast is None:
                return lambda s, c: generic(first(s, c), right(s, c), c)

            def binary(s: Any, c: EvalContext) -> Any:
                a = first(s, c)
                b = right(s, c)
                if type(a) is Decimal and type(b) is Decimal:
                    try:
                        return fast(a, b)
                    except ArithmeticError:
                        pass
                return generic(a, b, c)

            return binary

        def chain(s: Any, c: EvalContext) -> Any:
            value = first(s, c)
            for operator, operand in rest:
                value = operator(value, operand(s, c), c)
            return value

        return chain

    def _Negate(self, node: A.Negate, nested: bool) -> Fn:
        operand = self.compile(node.operand, nested)
        return lambda s, c: negate(operand(s, c), c)

    def _Compare(self, node: A.Compare, nested: bool) -> Fn:
        op = node.op
        right_node = node.right
        if isinstance(right_node, A.Const) and type(right_node.value) in (Decimal, str, bool):
            return self._compare_constant(op, node.left, right_node.value, nested)
        left = self.compile(node.left, nested)
        right = self.compile(right_node, nested)
        if op == "=":
            return lambda s, c: equal(left(s, c), right(s, c), c)
        return lambda s, c: compare(op, left(s, c), right(s, c), c)

    def _compare_constant(self, op: str, left_node: A.Node, constant: Any, nested: bool) -> Fn:
        """``x op constant``: the left value of the constant's type is compared in place."""
        kind = type(constant)
        if op in ("=", "!="):
            same = op == "="
            if isinstance(left_node, A.Name) and not nested:
                name = left_node.name

                def name_equals(s: Any, c: EvalContext) -> Any:
                    value = s.get(name, MISSING)
                    if type(value) is kind:
                        return (value == constant) is same
                    result = equal(_resolve(value, name, c), constant, c)
                    return result if result is None else result is same

                return name_equals
            left = self.compile(left_node, nested)

            def equals(s: Any, c: EvalContext) -> Any:
                value = left(s, c)
                if type(value) is kind:
                    return (value == constant) is same
                result = equal(value, constant, c)
                return result if result is None else result is same

            return equals
        order = ORDER[op]
        if kind is bool:
            left = self.compile(left_node, nested)
            return lambda s, c: compare(op, left(s, c), constant, c)
        if isinstance(left_node, A.Name) and not nested:
            name = left_node.name

            def name_order(s: Any, c: EvalContext) -> Any:
                value = s.get(name, MISSING)
                if type(value) is kind:
                    return order(value, constant)
                return compare(op, _resolve(value, name, c), constant, c)

            return name_order
        left = self.compile(left_node, nested)

        def ordered(s: Any, c: EvalContext) -> Any:
            value = left(s, c)
            if type(value) is kind:
                return order(value, constant)
            return compare(op, value, constant, c)

        return ordered

    def _Logic(self, node: A.Logic, nested: bool) -> Fn:
        fns = [self.compile(item, nested) for item in node.items]
        # `and` stops at the first false, `or` at the first true; otherwise the result is
        # null when any operand is not a boolean.
        stop = node.op == "or"
        if len(fns) == 2:
            first, second = fns

            def pair(s: Any, c: EvalContext) -> Any:
                a = first(s, c)
                if a is stop:
                    return stop
                b = second(s, c)
                if b is stop:
                    return stop
                if a is not stop and type(a) is bool and type(b) is bool:
                    return not stop
                expect_boolean(a, c)
                expect_boolean(b, c)
                return None

            return pair

        def many(s: Any, c: EvalContext) -> Any:
            unknown = False
            for f in fns:
                value = f(s, c)
                if value is stop:
                    return stop
                if type(value) is not bool:
                    expect_boolean(value, c)
                    unknown = True
            return None if unknown else not stop

        return many

    def _Between(self, node: A.Between, nested: bool) -> Fn:
        value = self.compile(node.value, nested)
        low = self.compile(node.low, nested)
        high = self.compile(node.high, nested)

        def between(s: Any, c: EvalContext) -> Any:
            x = value(s, c)
            above = compare(">=", x, low(s, c), c)
            if above is False:
                return False
            below = compare("<=", x, high(s, c), c)
            if below is False:
                return False
            return True if above and below else None

        return between

    def _In(self, node: A.In, nested: bool) -> Fn:
        value = self.compile(node.value, nested)
        test = self.test(node.test, nested)
        return lambda s, c: test(s, c, value(s, c))

    def _TestCompare(self, node: A.Node, nested: bool) -> Fn:
        # `< 3` written as an expression: a test of the input value (feel-scala's cellInput).
        test = self.test(node, nested)
        return lambda s, c: test(s, c, input_value(s))

    def _InstanceOf(self, node: A.InstanceOf, nested: bool) -> Fn:
        check = type_check(node.type)
        if check is None:
            raise FeelSyntaxError(f"Unknown type '{node.type.name}'", self.text, 0)
        value = self.compile(node.value, nested)
        return lambda s, c: check(value(s, c))

    # --- control -------------------------------------------------------------------------

    def _If(self, node: A.If, nested: bool) -> Fn:
        branches = [(self.compile(c, nested), self.compile(t, nested)) for c, t in node.branches]
        otherwise = self.compile(node.otherwise, nested)
        if len(branches) > 1:

            def choose_branch(s: Any, c: EvalContext) -> Any:
                for condition, then in branches:
                    value = condition(s, c)
                    if value is True:
                        return then(s, c)
                    if value is not False:
                        expect_boolean(value, c)
                return otherwise(s, c)

            return choose_branch
        condition, then = branches[0]

        def choose(s: Any, c: EvalContext) -> Any:
            value = condition(s, c)
            if value is True:
                return then(s, c)
            if value is not False:
                expect_boolean(value, c)
            return otherwise(s, c)

        return choose

    def _For(self, node: A.For, nested: bool) -> Fn:
        return compile_for(self, node, nested)

    def _Quantified(self, node: A.Quantified, nested: bool) -> Fn:
        return compile_quantified(self, node, nested)

    def _Filter(self, node: A.Filter, nested: bool) -> Fn:
        return compile_filter(self, node, nested)

    def _Path(self, node: A.Path, nested: bool) -> Fn:
        names = []
        base_node: A.Node = node
        while isinstance(base_node, A.Path):
            names.append(base_node.name)
            base_node = base_node.base
        names.reverse()
        if isinstance(base_node, A.Name) and not nested:
            # Walk the caller's data as it is and convert only what the path selects.
            root = base_node.name

            def raw_path(s: Any, c: EvalContext) -> Any:
                value = s.get(root, MISSING)
                if value is MISSING:
                    _no_variable(c, root)
                    value = None
                for name in names:
                    value = get_path(value, name, c)
                return to_feel(value)

            return raw_path
        base = self.compile(base_node, nested)
        if len(names) == 1:
            only = names[0]
            return lambda s, c: get_path(base(s, c), only, c)

        def path(s: Any, c: EvalContext) -> Any:
            value = base(s, c)
            for name in names:
                value = get_path(value, name, c)
            return value

        return path

    # --- functions -----------------------------------------------------------------------

    def _Call(self, node: A.Call, nested: bool) -> Fn:
        args = [self.compile(arg, nested) for arg in node.args]
        names = node.arg_names
        if node.name is None:
            assert node.callee is not None
            callee = self.compile(node.callee, nested)
            return lambda s, c: invoke(
                callee(s, c), [f(s, c) for f in args], names, c, "anonymous function"
            )
        name = node.name
        if name == "not" and len(args) == 1:
            only = args[0]
            return lambda s, c: feel_not(only(s, c), c)
        candidates = builtin_candidates(name, len(args), names)
        if candidates:
            return builtin_call(name, candidates, args)

        def call_value(s: Any, c: EvalContext) -> Any:
            fn = s.get(name, None)
            return invoke(fn, [f(s, c) for f in args], names, c, name)

        return call_value

    def _FunctionDef(self, node: A.FunctionDef, nested: bool) -> Fn:
        params = node.parameters
        body = self.compile(node.body, True)
        count = len(params)

        def define(s: Any, c: EvalContext) -> Any:
            def call(ctx: EvalContext, args: Any) -> Any:
                spend(ctx, CALL_STEPS)
                local = dict(zip(params, args, strict=False))
                if len(args) < count:
                    for p in params[len(args) :]:
                        local[p] = None
                return body(Scope(local, s), ctx)

            return FeelFunction(params, call)

        return define
