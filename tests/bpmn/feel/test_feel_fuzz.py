"""Hostile and random FEEL: only FeelError may escape, nothing hangs, parse time stays linear."""

from __future__ import annotations

import contextlib
import datetime
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpmn import feel
from bpmn.feel import FeelError, FeelSyntaxError

NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)

SEEDS = [
    'amount > 100 and status = "open"',
    "{id: order.id, total: sum(order.items.price)}",
    "for x in [1, 2, 3], y in 1..2 return x * y + partial[-1]",
    "some x in xs satisfies x > 2 or every y in xs satisfies y < 9",
    "[{a: 1}, {a: 2}][a > 1].a[1]",
    'if x between 1 and 5 then "in" else if x in (< 0, > 10) then "out" else null',
    "{f: function(a, b) a ** b, r: f(b: 2, a: 3)}.r",
    'date("2024-01-01") + duration("P1M") > @"2024-01-15"',
    '[1..10) instance of range and "a" + "b" = "ab"',
    'string join(for s in ["a", "b"] return upper case(s), "-")',
    "x.y.z != null and not(x.y.z = 3) // comment",
    '{"a b": 1, c+d: 2}.`a b` /* block */',
]
VARIABLES = {"amount": 150, "status": "open", "xs": [1, 2, 3], "x": {"y": {"z": 3}}}
_CHARS = "abcxyz0123456789 .,:;()[]{}<>=!+-*/?@\"'`\\\n"
_WORDS = "and or not in for if then else return some every satisfies between function null true"
ALPHABET = st.sampled_from([*_CHARS, *_WORDS.split(), "instance of", "..", "**", "//", "/*"])


def _run(text: str) -> None:
    try:
        expression = feel.compile(text)
        expression.evaluate_with_failures(VARIABLES, now=NOW)
    except FeelError:
        pass
    with contextlib.suppress(FeelError):
        feel.compile_unary_tests(text).evaluate_with_failures(2, VARIABLES, now=NOW)


@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_random_token_soup_raises_only_feel_errors(text: str) -> None:
    _run(text)


@settings(max_examples=300, deadline=2000)
@given(st.text(max_size=60))
def test_random_text_raises_only_feel_errors(text: str) -> None:
    _run(text)


@settings(max_examples=500, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(SEEDS),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 3), ALPHABET), max_size=4),
)
def test_mutated_expressions_raise_only_feel_errors(
    seed: str, edits: list[tuple[int, int, str]]
) -> None:
    text = seed
    for position, cut, insert in edits:
        position %= len(text) + 1
        text = text[:position] + insert + text[position + cut :]
    _run(text)


def test_seeds_are_valid() -> None:
    for seed in SEEDS:
        feel.compile(seed).evaluate(VARIABLES, now=NOW)


def _parse_seconds(text: str) -> float:
    """The best of three compile times in this process's CPU time, so other processes' load
    on the machine does not count; the best of three drops garbage-collection pauses."""
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        feel.Expression(text)
        best = min(best, time.process_time() - start)
    return best


def test_long_sums_parse_in_linear_time() -> None:
    small = _parse_seconds(" + ".join(["1"] * 2_000))
    large = _parse_seconds(" + ".join(["1"] * 20_000))
    assert large < max(small, 0.002) * 40  # 10x the input: far from quadratic's 100x
    assert feel.Expression(" + ".join(["1"] * 10_000)).evaluate() == 10_000


def test_long_and_chains_and_lists_evaluate_without_recursion() -> None:
    assert feel.evaluate(" and ".join(["true"] * 10_000)) is True
    assert len(feel.evaluate("[" + ",".join(["1"] * 10_000) + "]")) == 10_000
    assert feel.evaluate("-" * 50 + "1") == 1


@pytest.mark.parametrize(
    "text",
    [
        "(" * 1000 + "1" + ")" * 1000,
        "[" * 1000 + "1" + "]" * 1000,
        "{a:" * 1000 + "1" + "}" * 1000,
        "-" * 5000 + "1",
        "if true then " * 1000 + "1" + " else 2" * 1000,
        "f(" * 1000 + ")" * 1000,
        "not(" * 1000 + "true" + ")" * 1000,
    ],
)
def test_deep_nesting_is_a_clear_syntax_error(text: str) -> None:
    with pytest.raises(FeelSyntaxError, match="nested too deeply"):
        feel.compile(text)


def test_moderate_nesting_is_fine() -> None:
    assert feel.evaluate("(" * 60 + "1" + ")" * 60) == 1


def test_oversized_text_is_refused() -> None:
    with pytest.raises(FeelSyntaxError, match="too long"):
        feel.compile("1" * 2_000_001)


def test_oversized_string_literals_and_names_are_fine() -> None:
    assert len(feel.evaluate('"' + "a" * 100_000 + '"')) == 100_000
    assert feel.evaluate("x" * 10_000, {"x" * 10_000: 1}) == 1


def test_deeply_nested_or_cyclic_variables_are_a_feel_error() -> None:
    deep: list[object] = []
    current = deep
    for _ in range(100_000):
        inner: list[object] = []
        current.append(inner)
        current = inner
    with pytest.raises(FeelError):
        feel.evaluate("x", {"x": deep})
    cyclic: list[object] = []
    cyclic.append(cyclic)
    with pytest.raises(FeelError):
        feel.evaluate("count(x)", {"x": cyclic})


def test_odd_variable_values_are_null_not_crashes() -> None:
    assert feel.evaluate("x", {"x": object()}) is None
    assert feel.evaluate("x", {"x": float("inf")}) is None
    assert feel.evaluate("x.a", {"x": {1: "one", "a": 2}}) == 2


def test_strings_full_of_escapes_lex_in_linear_time() -> None:
    small = _parse_seconds('"' + "\\n" * 20_000 + '"')
    large = _parse_seconds('"' + "\\n" * 200_000 + '"')
    assert large < max(small, 0.002) * 40
    assert feel.evaluate('"' + "\\u0041" * 1000 + '"') == "A" * 1000
