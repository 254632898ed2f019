"""List functions. Positions count from 1; negative positions count from the end.

Functions taking "any number of values" (``min``, ``sum``, ``and``, ``union``, ``append``, ...)
accept both ``max(1, 2, 3)`` and ``max([1, 2, 3])``: they are registered with a list overload
and a variadic one sharing an impl that unwraps a lone list argument (feel-scala's rule).
"""

from __future__ import annotations

import functools
from decimal import Decimal, localcontext
from typing import Any

from .._equality import feel_equal
from .._values import EvalContext, FeelFunction
from ._base import (
    DECIMAL,
    Builtin,
    fail,
    integer,
    list_of,
    number,
    order,
    string,
    type_name,
)
from ._collections import FeelSet, items_of
from ._text import to_string


def list_contains(ctx: EvalContext, items: object, element: object) -> bool:
    return any(feel_equal(item, element) is True for item in list_of(items))


def count(ctx: EvalContext, items: object) -> Decimal:
    return Decimal(len(list_of(items)))


def _extreme(items: list[Any], sign: int) -> Any:
    if not items:
        return None
    best = items[0]
    for item in items[1:]:
        compared = order(item, best)
        if compared is None:
            fail(f"{to_string(items)[:200]} is not comparable")
        if compared == sign:
            best = item
    if len(items) == 1 and order(best, best) is None:
        fail(f"{to_string(items)[:200]} is not comparable")
    return best


def minimum(ctx: EvalContext, args: object) -> Any:
    return _extreme(items_of(args), -1)


def maximum(ctx: EvalContext, args: object) -> Any:
    return _extreme(items_of(args), 1)


def _numbers(args: object) -> list[Decimal]:
    return [number(item) for item in items_of(args)]


def total(ctx: EvalContext, args: object) -> Decimal | None:
    numbers = _numbers(args)
    if not numbers:
        return None
    result = Decimal(0)
    for n in numbers:
        result = DECIMAL.add(result, n)
    return result


def product(ctx: EvalContext, args: object) -> Decimal | None:
    numbers = _numbers(args)
    if not numbers:
        return None
    result = Decimal(1)
    for n in numbers:
        result = DECIMAL.multiply(result, n)
    return result


def mean(ctx: EvalContext, args: object) -> Decimal | None:
    numbers = _numbers(args)
    if not numbers:
        return None
    return DECIMAL.divide(total(ctx, numbers) or Decimal(0), Decimal(len(numbers)))


def median(ctx: EvalContext, args: object) -> Decimal | None:
    numbers = sorted(_numbers(args))
    if not numbers:
        return None
    middle = len(numbers) // 2
    if len(numbers) % 2:
        return numbers[middle]
    return DECIMAL.divide(DECIMAL.add(numbers[middle - 1], numbers[middle]), Decimal(2))


def stddev(ctx: EvalContext, args: object) -> Decimal | None:
    numbers = _numbers(args)
    if len(numbers) < 2:
        return None
    with localcontext(DECIMAL):
        average = sum(numbers, Decimal(0)) / len(numbers)
        squares = sum(((n - average) ** 2 for n in numbers), Decimal(0))
        return (squares / (len(numbers) - 1)).sqrt()


def mode(ctx: EvalContext, args: object) -> list[Decimal]:
    counts: dict[Decimal, int] = {}
    for n in _numbers(args):
        counts[n] = counts.get(n, 0) + 1
    if not counts:
        return []
    most = max(counts.values())
    return sorted(n for n, c in counts.items() if c == most)


def all_true(ctx: EvalContext, args: object) -> bool | None:
    result: bool | None = True
    for item in items_of(args):
        if result is False:
            return False
        if item is False:
            result = False
        elif result is True and item is not True:
            result = None
    return result


def any_true(ctx: EvalContext, args: object) -> bool | None:
    result: bool | None = False
    for item in items_of(args):
        if result is True:
            return True
        if item is True:
            result = True
        elif result is False and item is not False:
            result = None
    return result


def _position(items: list[Any], position: object, what: str) -> int:
    index = integer(position)
    if index == 0:
        fail(f"{what} must be a non-zero number")
    return index - 1 if index > 0 else max(len(items) + index, 0)


def sublist(ctx: EvalContext, items: object, start: object, length: object = None) -> list[Any]:
    values = list_of(items)
    first = _position(values, start, "start position")
    if length is None:
        return values[first:]
    return values[first : first + max(integer(length), 0)]


def append(ctx: EvalContext, items: object, new: object) -> list[Any]:
    # ``new`` is the variadic rest as given: append([], [1]) is [[1]], never unwrapped.
    return [*list_of(items), *(new if isinstance(new, list) else [new])]


def concatenate(ctx: EvalContext, args: object) -> list[Any]:
    result: list[Any] = []
    for item in items_of(args):
        result.extend(item if isinstance(item, list) else [item])
    return result


def insert_before(ctx: EvalContext, items: object, position: object, new: object) -> list[Any]:
    values = list(list_of(items))
    values.insert(_position(values, position, "position"), new)
    return values


def remove(ctx: EvalContext, items: object, position: object) -> list[Any]:
    values = list_of(items)
    index = _position(values, position, "position")
    return values[:index] + values[index + 1 :]


def reverse(ctx: EvalContext, items: object) -> list[Any]:
    return list_of(items)[::-1]


def index_of(ctx: EvalContext, items: object, match: object) -> list[Decimal]:
    values = list_of(items)
    return [Decimal(i + 1) for i, item in enumerate(values) if feel_equal(item, match) is True]


def _distinct(values: list[Any]) -> list[Any]:
    seen = FeelSet()
    result = []
    for value in values:
        if value not in seen:
            seen.add(value)
            result.append(value)
    return result


def union(ctx: EvalContext, args: object) -> list[Any]:
    return _distinct(concatenate(ctx, args))


def distinct_values(ctx: EvalContext, items: object) -> list[Any]:
    return _distinct(list_of(items))


def duplicate_values(ctx: EvalContext, items: object) -> list[Any]:
    values = list_of(items)
    seen, repeated = FeelSet(), FeelSet()
    for value in values:
        if value in seen:
            repeated.add(value)
        else:
            seen.add(value)
    return [value for value in _distinct(values) if value in repeated]


def flatten(ctx: EvalContext, items: object) -> list[Any]:
    result: list[Any] = []
    stack = [iter(list_of(items))]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            result.append(item)
        else:
            stack.pop()
    return result


def sort(ctx: EvalContext, items: object, precedes: object) -> list[Any]:
    values = list_of(items)
    if not isinstance(precedes, FeelFunction):
        fail(f"expected a function but found '{type_name(precedes)}'")
    if len(precedes.parameters) != 2:
        fail(f"expect boolean function with 2 arguments, but found '{len(precedes.parameters)}'")

    # sorted() only asks "a < b?": the function answers exactly that.
    def compare(a: Any, b: Any) -> int:
        result = precedes.invoke(ctx, [a, b])
        if not isinstance(result, bool):
            fail(
                "fail to sort list by given precedes function: "
                f"expected boolean but found '{to_string(result)[:100]}'"
            )
        return -1 if result else 0

    return sorted(values, key=functools.cmp_to_key(compare))


def string_join(
    ctx: EvalContext,
    items: object,
    delimiter: object = None,
    prefix: object = None,
    suffix: object = None,
) -> str:
    values = list_of(items)
    if any(not isinstance(item, str) and item is not None for item in values):
        fail(f"expected a list of strings but found '{to_string(values)[:200]}'")
    separator = "" if delimiter is None else string(delimiter)
    start = "" if prefix is None else string(prefix)
    end = "" if suffix is None else string(suffix)
    return start + separator.join(item for item in values if item is not None) + end


def is_empty(ctx: EvalContext, items: object) -> bool:
    return not list_of(items)


def partition(ctx: EvalContext, items: object, size: object) -> list[list[Any]]:
    values = list_of(items)
    chunk = integer(size)
    if chunk <= 0:
        fail(f"'size' should be greater than zero but was '{to_string(size)}'")
    return [values[i : i + chunk] for i in range(0, len(values), chunk)]


def list_replace(ctx: EvalContext, items: object, where: object, new: object) -> list[Any]:
    """``list replace(list, position, newItem)`` or ``list replace(list, match, newItem)``."""
    values = list(list_of(items))
    if isinstance(where, FeelFunction):
        result = []
        for item in values:
            matched = where.invoke(ctx, [item, new])
            if not isinstance(matched, bool):
                fail(f"expected boolean from the match function but found '{type_name(matched)}'")
            result.append(new if matched else item)
        return result
    index = _position(values, where, "position")
    if index >= len(values) or integer(where) < -len(values):
        fail(f"position {to_string(where)} is outside the list of {len(values)} items")
    values[index] = new
    return values


def _variadic(name: str, impl: Any) -> list[Builtin]:
    return [
        Builtin(name, ("list",), impl),
        Builtin(name, ("list",), impl, variadic=True),
    ]


BUILTINS = [
    Builtin("list contains", ("list", "element"), list_contains),
    Builtin("count", ("list",), count),
    *_variadic("min", minimum),
    *_variadic("max", maximum),
    *_variadic("sum", total),
    *_variadic("product", product),
    *_variadic("mean", mean),
    *_variadic("median", median),
    *_variadic("stddev", stddev),
    *_variadic("mode", mode),
    *_variadic("and", all_true),
    *_variadic("all", all_true),
    *_variadic("or", any_true),
    *_variadic("any", any_true),
    Builtin("sublist", ("list", "start position", "length"), sublist, optional=1),
    Builtin("append", ("list", "items"), append, variadic=True),
    Builtin("concatenate", ("lists",), concatenate),
    Builtin("concatenate", ("lists",), concatenate, variadic=True),
    Builtin("insert before", ("list", "position", "newItem"), insert_before),
    Builtin("remove", ("list", "position"), remove),
    Builtin("reverse", ("list",), reverse),
    Builtin("index of", ("list", "match"), index_of),
    Builtin("union", ("lists",), union),
    Builtin("union", ("lists",), union, variadic=True),
    Builtin("distinct values", ("list",), distinct_values),
    Builtin("duplicate values", ("list",), duplicate_values),
    Builtin("flatten", ("list",), flatten),
    Builtin("sort", ("list", "precedes"), sort),
    Builtin("string join", ("list", "delimiter", "prefix", "suffix"), string_join, optional=3),
    Builtin("is empty", ("list",), is_empty),
    Builtin("partition", ("list", "size"), partition),
    Builtin("list replace", ("list", "position", "newItem"), list_replace),
    Builtin("list replace", ("list", "match", "newItem"), list_replace),
]
