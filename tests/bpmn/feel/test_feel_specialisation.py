"""The compiler's fast paths (a variable compared with a constant, Decimal arithmetic) must agree
with the generic operators on every kind of value: checked differentially with hypothesis."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from bpmn import feel

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.decimals(-10, 10, places=2, allow_nan=False, allow_infinity=False),
    st.floats(-10, 10, allow_nan=False),
    st.sampled_from(["", "a", "b", "open", "closed"]),
    st.lists(st.integers(0, 3), max_size=3),
    st.dates(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)),
)
CONSTANTS = st.sampled_from(["1", "0", "-2.5", '"a"', '"open"', "true", "false", "null"])
COMPARISONS = st.sampled_from(["=", "!=", "<", "<=", ">", ">="])
ARITHMETIC = st.sampled_from(["+", "-", "*", "/", "**"])


def _three_ways(op: str, constant: str, value: object) -> tuple[object, object, object]:
    """The same comparison compiled as a root lookup against a constant, inside a scope, and
    with operands the compiler can't see as a name or a constant."""
    variables = {"x": value}
    root = feel.evaluate(f"x {op} {constant}", variables, now=NOW)
    nested = feel.evaluate(f"for i in [1] return x {op} {constant}", variables, now=NOW)
    generic = feel.evaluate(f"[x][1] {op} [{constant}][1]", variables, now=NOW)
    return root, nested[0], generic


@settings(max_examples=400, deadline=None)
@given(VALUES, COMPARISONS, CONSTANTS)
def test_comparison_fast_paths_agree(value: object, op: str, constant: str) -> None:
    root, nested, generic = _three_ways(op, constant, value)
    assert root == nested == generic, (value, op, constant)
    assert type(root) is type(nested) is type(generic)


@settings(max_examples=400, deadline=None)
@given(VALUES, ARITHMETIC, st.sampled_from(["1", "-2.5", "3", '"s"', "null"]))
def test_arithmetic_fast_paths_agree(value: object, op: str, constant: str) -> None:
    variables = {"x": value}
    fast = feel.evaluate(f"x {op} {constant}", variables, now=NOW)
    generic = feel.evaluate(f"[x][1] {op} [{constant}][1]", variables, now=NOW)
    assert fast == generic
    assert type(fast) is type(generic)


@settings(max_examples=200, deadline=None)
@given(VALUES, VALUES, st.sampled_from(["and", "or"]))
def test_two_operand_logic_agrees_with_chains(a: object, b: object, op: str) -> None:
    variables = {"a": a, "b": b, "t": True, "f": False}
    pair = feel.evaluate(f"a {op} b", variables)
    neutral = "t" if op == "and" else "f"
    chain = feel.evaluate(f"a {op} b {op} {neutral}", variables)
    assert pair is chain
