"""The syntax tree the parser builds and the compiler turns into closures.

Nodes are small frozen dataclasses. Chains of one precedence level (``a + b - c``, ``x and y
and z``) are single n-ary nodes, so a 10,000-term sum is a flat node, not a 10,000-deep tree.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, cast


class Node:
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Const(Node):
    value: Any  # a Decimal, str, bool or None


@dataclass(frozen=True, slots=True)
class Temporal(Node):
    text: str  # the text of @"..."


@dataclass(frozen=True, slots=True)
class Name(Node):
    name: str


@dataclass(frozen=True, slots=True)
class InputValue(Node):
    """``?``: the value a unary test is checked against."""


@dataclass(frozen=True, slots=True)
class ListLit(Node):
    items: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class ContextLit(Node):
    entries: tuple[tuple[str, Node], ...]


@dataclass(frozen=True, slots=True)
class RangeLit(Node):
    start: Node
    end: Node
    start_included: bool
    end_included: bool


@dataclass(frozen=True, slots=True)
class Arith(Node):
    """``first op1 x1 op2 x2 ...`` evaluated left to right; ops are + - * / **."""

    first: Node
    rest: list[tuple[str, Node]]


@dataclass(frozen=True, slots=True)
class Negate(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class Compare(Node):
    op: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Logic(Node):
    op: str  # and / or
    items: list[Node]


@dataclass(frozen=True, slots=True)
class Between(Node):
    value: Node
    low: Node
    high: Node


@dataclass(frozen=True, slots=True)
class In(Node):
    value: Node
    test: Node  # a unary-test node


@dataclass(frozen=True, slots=True)
class InstanceOf(Node):
    value: Node
    type: TypeSpec


# The type names `instance of` knows (feel-scala's, plus `Null`/`null` for the null type).
TYPE_NAMES = frozenset(
    {
        "number",
        "string",
        "boolean",
        "date",
        "time",
        "date and time",
        "days and time duration",
        "years and months duration",
        "list",
        "context",
        "function",
        "range",
        "Any",
        "Null",
        "null",
    }
)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    name: str  # number, list, context, function, date and time, Any, ...
    args: tuple[TypeSpec, ...] = ()
    fields: tuple[tuple[str, TypeSpec], ...] = ()


@dataclass(frozen=True, slots=True)
class If(Node):
    """``if c1 then t1 else if c2 then t2 ... else otherwise``: an else-if chain is one node."""

    branches: tuple[tuple[Node, Node], ...]
    otherwise: Node


@dataclass(frozen=True, slots=True)
class Iterator:
    name: str
    source: Node
    end: Node | None  # `for x in 1..n`: the range end


@dataclass(frozen=True, slots=True)
class For(Node):
    iterators: tuple[Iterator, ...]
    body: Node


@dataclass(frozen=True, slots=True)
class Quantified(Node):
    every: bool
    iterators: tuple[Iterator, ...]
    condition: Node


@dataclass(frozen=True, slots=True)
class Filter(Node):
    base: Node
    condition: Node


@dataclass(frozen=True, slots=True)
class Path(Node):
    base: Node
    name: str


@dataclass(frozen=True, slots=True)
class Call(Node):
    """A call by name (``name`` set) or of a function value (``callee`` set)."""

    name: str | None
    callee: Node | None
    args: tuple[Node, ...]
    arg_names: tuple[str, ...] | None  # named-argument call when not None


@dataclass(frozen=True, slots=True)
class FunctionDef(Node):
    parameters: tuple[str, ...]
    body: Node


# Unary tests


@dataclass(frozen=True, slots=True)
class TestCompare(Node):
    """``< 5``: compare the input value with the endpoint."""

    op: str
    endpoint: Node


@dataclass(frozen=True, slots=True)
class TestExpr(Node):
    """An expression used as a test: equality/membership with the input, or a boolean if it
    mentions ``?``."""

    expr: Node
    uses_input: bool


@dataclass(frozen=True, slots=True)
class TestAny(Node):
    """``-``: matches anything."""


@dataclass(frozen=True, slots=True)
class TestList(Node):
    """``a, b, c``: matches when any test matches; ``negated`` for ``not(a, b)``."""

    tests: tuple[Node, ...]
    negated: bool = False


def names_in(node: Any) -> set[str]:
    """Every name a subtree mentions (for deciding which literals need a scope)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Name | Call) and current.name is not None:
            found.add(current.name)
        if isinstance(current, Node | Iterator):
            stack.extend(getattr(current, f.name) for f in fields(cast(Any, current)))
        elif isinstance(current, list | tuple):
            stack.extend(current)
    return found
