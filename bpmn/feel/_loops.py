"""Compiling iteration: ``for``, ``some``/``every`` and list filters.

Each iteration binds its variable in a fresh ``Scope`` layer, so function values created in a
loop body keep the value of their own iteration.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import _ast as A
from ._ast import names_in
from ._budget import spend
from ._calls import Fn
from ._ops import expect_boolean
from ._paths import iteration_items, list_index, not_a_list
from ._scope import MISSING, Scope
from ._values import EvalContext

if TYPE_CHECKING:
    from ._compiler import Compiler


def _iterators(
    compiler: Compiler, iterators: tuple[A.Iterator, ...], nested: bool
) -> list[tuple[str, Fn, Fn | None]]:
    compiled = []
    for index, it in enumerate(iterators):
        inner = nested or index > 0
        end = None if it.end is None else compiler.compile(it.end, inner)
        compiled.append((it.name, compiler.compile(it.source, inner), end))
    return compiled


def compile_for(compiler: Compiler, node: A.For, nested: bool) -> Fn:
    iterators = _iterators(compiler, node.iterators, nested)
    body = compiler.compile(node.body, True)
    snapshot = "partial" in names_in(node.body)
    depth = len(iterators)

    def run(s: Any, c: EvalContext) -> Any:
        results: list[Any] = []

        def level(k: int, scope: Any) -> bool:
            name, source, end = iterators[k]
            items = iteration_items(source(scope, c), MISSING if end is None else end(scope, c), c)
            if items is None:
                return False
            last = k + 1 == depth
            spend(c, len(items))
            for item in items:
                partial = list(results) if snapshot else results
                inner = Scope({name: item, "partial": partial}, scope)
                if last:
                    results.append(body(inner, c))
                elif not level(k + 1, inner):
                    return False
            return True

        return results if level(0, s) else None

    return run


def compile_quantified(compiler: Compiler, node: A.Quantified, nested: bool) -> Fn:
    iterators = _iterators(compiler, node.iterators, nested)
    condition = compiler.compile(node.condition, True)
    depth = len(iterators)
    # `some` stops at the first true, `every` at the first false.
    stop = not node.every

    def run(s: Any, c: EvalContext) -> Any:
        unknown = False

        def level(k: int, scope: Any) -> Any:
            nonlocal unknown
            name, source, end = iterators[k]
            items = iteration_items(source(scope, c), MISSING if end is None else end(scope, c), c)
            if items is None:
                return MISSING
            spend(c, len(items))
            for item in items:
                inner = Scope({name: item}, scope)
                if k + 1 == depth:
                    value = condition(inner, c)
                    if value is stop:
                        return stop
                    if type(value) is not bool:
                        expect_boolean(value, c)
                        unknown = True
                else:
                    found = level(k + 1, inner)
                    if found is stop or found is MISSING:
                        return found
            return None

        found = level(0, s)
        if found is MISSING:
            return None
        if found is stop:
            return stop
        return None if unknown else not stop

    return run


def compile_filter(compiler: Compiler, node: A.Filter, nested: bool) -> Fn:
    base = compiler.compile(node.base, nested)
    cond = node.condition
    if isinstance(cond, A.Const) and type(cond.value) is Decimal:
        index = cond.value

        def indexed(s: Any, c: EvalContext) -> Any:
            items = base(s, c)
            if type(items) is not list:
                return not_a_list(items, c)
            return list_index(items, index)

        return indexed
    condition = compiler.compile(cond, True)

    def filtered(s: Any, c: EvalContext) -> Any:
        items = base(s, c)
        if type(items) is not list:
            return not_a_list(items, c)
        kept = []
        first = True
        spend(c, len(items))
        for item in items:
            scope = Scope({"item": item}, s)
            if type(item) is dict:
                scope = Scope(item, scope)
            value = condition(scope, c)
            if first:
                first = False
                if type(value) is Decimal:  # a computed index: `xs[i]`
                    return list_index(items, value)
            if value is True:
                kept.append(item)
        return kept

    return filtered
