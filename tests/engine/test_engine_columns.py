"""Column numbers are persistent: unique, contiguous from zero, each a two-byte prefix."""

from __future__ import annotations

from engine.state.columns import Column


def test_column_numbers_are_unique_and_contiguous() -> None:
    numbers = sorted(column.value for column in Column)
    assert numbers == list(range(len(Column)))


def test_prefixes_are_two_big_endian_bytes() -> None:
    assert Column.JOBS.prefix == bytes((0, Column.JOBS.value))
    assert Column.JOBS.key(b"\x01", b"\x02") == Column.JOBS.prefix + b"\x01\x02"
    assert len({column.prefix for column in Column}) == len(Column)
