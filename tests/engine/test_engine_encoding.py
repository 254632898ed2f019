"""Key parts encode so that bytewise order is logical order, and decode back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.state.encoding import i64, read_i64, read_text, read_u64, text, u64

u64s = st.integers(0, (1 << 64) - 1)
i64s = st.integers(-(1 << 63), (1 << 63) - 1)


@given(u64s, u64s)
def test_u64_order_and_round_trip(a: int, b: int) -> None:
    assert (u64(a) < u64(b)) == (a < b)
    assert read_u64(b"xx" + u64(a), 2) == (a, 10)


@given(i64s, i64s)
def test_i64_order_and_round_trip(a: int, b: int) -> None:
    assert (i64(a) < i64(b)) == (a < b)
    assert read_i64(i64(a)) == (a, 8)


@given(st.text(), st.text(), st.integers(0, 5))
def test_text_orders_like_strings_and_delimits_itself(a: str, b: str, n: int) -> None:
    # Composite keys (text, then u64) order by the text first, then the number.
    assert (text(a) + u64(n) < text(b) + u64(0)) == (a < b) or a == b
    assert read_text(text(a) + u64(n)) == (a, len(text(a)))


def test_text_with_nul_sorts_between_its_prefix_and_longer_strings() -> None:
    assert text("a") < text("a\x00") < text("a\x00b") < text("a\x01") < text("ab")
    assert read_text(text("x\x00\x01y")) == ("x\x00\x01y", len(text("x\x00\x01y")))


@pytest.mark.parametrize(("encode", "value"), [(u64, -1), (u64, 1 << 64), (i64, 1 << 63)])
def test_out_of_range_integers_are_refused(encode, value: int) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="Expected"):
        encode(value)
