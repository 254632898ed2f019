"""The literal fast path for input entries matches exactly when the FEEL engine says true."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bpmn import feel
from bpmn.dmn._literal_tests import literal_test

NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)

numbers = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False)
number_texts = numbers.map(lambda d: format(d, "f"))
plain_strings = st.text(
    alphabet=st.characters(blacklist_characters='"\\', blacklist_categories=("Cs", "Cc")),
    max_size=6,
)
string_lists = st.lists(plain_strings, min_size=1, max_size=4).map(
    lambda items: ", ".join(f'"{item}"' for item in items)
)
comparisons = st.tuples(st.sampled_from(["<", "<=", ">", ">="]), number_texts).map(
    lambda pair: f"{pair[0]} {pair[1]}"
)
ranges = st.tuples(
    st.sampled_from(["[", "(", "]"]), number_texts, number_texts, st.sampled_from(["]", ")", "["])
).map(lambda parts: f"{parts[0]}{parts[1]}..{parts[2]}{parts[3]}")
texts = st.one_of(
    string_lists,
    number_texts,
    comparisons,
    ranges,
    st.sampled_from(["true", "false", "null"]),
)
values = st.one_of(
    numbers,
    st.integers(-5, 5).map(Decimal),
    plain_strings,
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            datetime.date(2024, 1, 1),
            datetime.time(10, 30),
            datetime.datetime(2024, 1, 1, 10, 30, tzinfo=datetime.UTC),
            datetime.timedelta(days=1),
            feel.YearsMonthsDuration(14),
            [],
            [Decimal(1), "a"],
            {},
            {"a": Decimal(1)},
            Decimal(0),
            "",
        ]
    ),
)


@settings(derandomize=True, max_examples=600, deadline=None)
@given(texts, values)
def test_the_fast_path_agrees_with_feel(text: str, value: object) -> None:
    try:
        compiled = feel.compile_unary_tests(text)
    except feel.FeelSyntaxError:
        assume(False)
    fast = literal_test(text)
    assert fast is not None, text
    expected = compiled.evaluate(value, {}, now=NOW) is True
    assert fast(value, {}, NOW) is expected, (text, value)


def test_entries_beyond_literals_go_through_feel() -> None:
    for text in ('not("a")', "? > 5", "< limit", '"a", 5', '"a\\"b"', "[1..x]", "1 + 1", "-"):
        assert literal_test(text) is None, text


def test_boundaries() -> None:
    cases = {
        "[1..5)": {Decimal(1): True, Decimal(5): False, Decimal("4.99"): True},
        "(1..5]": {Decimal(1): False, Decimal(5): True},
        "]1..5[": {Decimal(1): False, Decimal(5): False, Decimal(3): True},
        "<= -2.5": {Decimal("-2.5"): True, Decimal("-2.4"): False},
        "5": {Decimal("5.00"): True, "5": False},
    }
    for text, expectations in cases.items():
        fast = literal_test(text)
        assert fast is not None
        for value, expected in expectations.items():
            assert fast(value, {}, NOW) is expected, (text, value)
            assert (feel.unary_test(text, value, now=NOW) is True) is expected, (text, value)
