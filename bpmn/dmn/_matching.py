"""Finding the rules of a decision table that match, column by column.

Rules repeat themselves: a column of a 20-rule table typically holds five or six distinct
entries. So instead of running every rule's entries, the index groups each column's entries by
their text; one evaluation runs each distinct entry once and ORs its rules' bits into the
column's mask (``-`` rules are always in it), and the matching rules are the AND of the column
masks, as an int used as a bit set (bit ``i`` is rule ``i``).

An entry runs only while one of its rules is still alive, that is, matched every column to its
left. dmn-scala runs a rule's entries left to right until one fails, for every rule, so an entry
runs here exactly when dmn-scala would run it for some rule: a FEEL error surfaces in the same
cases, and unary tests have no other side effects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ._feel import FeelError
from ._model import InputTest, Rule


class EntryFailed(Exception):
    """The input entry of the rule at ``rule_position`` (0-based) raised ``error``."""

    def __init__(self, rule_position: int, error: FeelError) -> None:
        self.rule_position = rule_position
        self.error = error


@dataclass(frozen=True, slots=True)
class Column:
    always: int  # the rules whose entry in this column is ``-``
    tests: tuple[tuple[InputTest, int], ...]  # each distinct entry, with the rules using it


@dataclass(frozen=True, slots=True)
class RuleIndex:
    all_rules: int
    columns: tuple[Column, ...]


def build_index(rules: Sequence[Rule], input_count: int) -> RuleIndex:
    all_rules = (1 << len(rules)) - 1
    columns = []
    for position in range(input_count):
        always = 0
        by_text: dict[str, tuple[InputTest, int]] = {}
        for bit, rule in enumerate(rules):
            entry = rule.input_entries[position]
            if entry.matches_all:
                always |= 1 << bit
            else:
                test, mask = by_text.get(entry.text, (entry.test, 0))
                by_text[entry.text] = (test, mask | 1 << bit)
        columns.append(Column(always, tuple(by_text.values())))
    return RuleIndex(all_rules, tuple(columns))


def match(index: RuleIndex, values: Sequence[Any], variables: Mapping[str, Any], now: Any) -> int:
    """The bit set of the matching rules; ``EntryFailed`` if an entry fails to evaluate."""
    matched = index.all_rules
    for column, value in zip(index.columns, values, strict=True):
        mask = column.always
        for test, rules in column.tests:
            if rules & matched:
                try:
                    if test(value, variables, now) is True:
                        mask |= rules
                except FeelError as error:
                    raise EntryFailed(first_rule(rules & matched), error) from error
        matched &= mask
        if not matched:
            break
    return matched


def first_rule(matched: int) -> int:
    return (matched & -matched).bit_length() - 1


def positions(matched: int) -> list[int]:
    """The rule positions in a bit set, in rule order."""
    if matched.bit_count() > 32:
        # Clearing bits one by one copies the int each time: quadratic for huge tables.
        digits = bin(matched)[:1:-1]
        return [position for position, digit in enumerate(digits) if digit == "1"]
    found = []
    while matched:
        lowest = matched & -matched
        found.append(lowest.bit_length() - 1)
        matched ^= lowest
    return found
