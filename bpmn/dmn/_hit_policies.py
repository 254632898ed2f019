"""Turning a decision table's matched rules into its output, one function per hit policy.

Each function gets the table and the output values of the matched rules (one tuple per rule, in
rule order, never empty: no match is handled before, with the default output entries) and returns
the decision output, or raises ``HitPolicyViolation``. Behaviour follows Zeebe's DMN engine
(dmn-scala): single-output tables give bare values, multi-output tables contexts keyed by output
name; aggregations need numbers.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
from typing import Any

from ._model import Aggregation, DecisionTable, HitPolicy

Outputs = tuple[Any, ...]

# FEEL numbers are DECIMAL128 (34 significant digits), as in feel-scala.
_DECIMAL128 = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN)


class HitPolicyViolation(Exception):
    """The matched rules break the table's hit policy; the message says how."""


def _shape(table: DecisionTable, outputs: Outputs) -> Any:
    if len(outputs) == 1:
        return outputs[0]
    return {output.key: value for output, value in zip(table.outputs, outputs, strict=True)}


def _describe(table: DecisionTable, matched: Sequence[Outputs], limit: int = 5) -> str:
    shown = ", ".join(repr(_shape(table, outputs)) for outputs in matched[:limit])
    more = len(matched) - limit
    return f"{shown} and {more} more" if more > 0 else shown


def _first(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    return _shape(table, matched[0])


def _unique(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    if len(matched) > 1:
        raise HitPolicyViolation(
            f"{len(matched)} rules matched and the hit policy UNIQUE allows only one "
            f"(outputs: {_describe(table, matched)})"
        )
    return _shape(table, matched[0])


def _any(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    distinct: list[Outputs] = []
    for outputs in matched:
        if outputs not in distinct:
            distinct.append(outputs)
    if len(distinct) > 1:
        raise HitPolicyViolation(
            "the matched rules have different outputs, which the hit policy ANY does not "
            f"allow (outputs: {_describe(table, distinct)})"
        )
    return _shape(table, matched[0])


def by_priority(table: DecisionTable, matched: Sequence[Outputs]) -> list[Outputs]:
    """``matched`` ordered by the output values lists, output by output; ties keep rule order.

    A value missing from its output's list ranks after every listed value.
    """
    rankings = []
    for position, output in enumerate(table.outputs):
        if output.output_values:
            rank: dict[Any, int] = {}
            for index, value in enumerate(output.output_values):
                rank.setdefault(_rank_key(value), index)
            rankings.append((position, rank, len(output.output_values)))
    if not rankings:
        return list(matched)

    def key(outputs: Outputs) -> tuple[int, ...]:
        return tuple(
            rank.get(_rank_key(outputs[position]), last) for position, rank, last in rankings
        )

    return sorted(matched, key=key)


def _rank_key(value: Any) -> Any:
    # Rank by (type, value) so that true and 1 stay apart; unhashable values rank last.
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value).__name__, value)


def _priority(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    return _shape(table, by_priority(table, matched)[0])


def _output_order(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    return [_shape(table, outputs) for outputs in by_priority(table, matched)]


def _rule_order(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    return [_shape(table, outputs) for outputs in matched]


def _numbers(matched: Sequence[Outputs], aggregation: Aggregation) -> list[decimal.Decimal]:
    numbers = []
    for (value,) in matched:
        if isinstance(value, bool) or not isinstance(value, decimal.Decimal | int):
            raise HitPolicyViolation(
                f"COLLECT {aggregation.value} needs numbers and a matched rule's output is "
                f"{value!r}"
            )
        numbers.append(decimal.Decimal(value))
    return numbers


def _collect(table: DecisionTable, matched: Sequence[Outputs]) -> Any:
    aggregation = table.aggregation
    if aggregation is None:
        return [_shape(table, outputs) for outputs in matched]
    if aggregation is Aggregation.COUNT:
        return decimal.Decimal(len(matched))
    numbers = _numbers(matched, aggregation)
    if aggregation is Aggregation.SUM:
        total = decimal.Decimal(0)
        for number in numbers:
            total = _DECIMAL128.add(total, number)
        return total
    if aggregation is Aggregation.MIN:
        return min(numbers)
    return max(numbers)


APPLY: dict[HitPolicy, Callable[[DecisionTable, Sequence[Outputs]], Any]] = {
    HitPolicy.UNIQUE: _unique,
    HitPolicy.FIRST: _first,
    HitPolicy.PRIORITY: _priority,
    HitPolicy.ANY: _any,
    HitPolicy.COLLECT: _collect,
    HitPolicy.RULE_ORDER: _rule_order,
    HitPolicy.OUTPUT_ORDER: _output_order,
}
