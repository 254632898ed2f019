"""Whatever bytes arrive, bpmn.parse returns a model or raises BpmnError: never anything else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import bpmn

VALID = (Path(__file__).parent / "fixtures" / "everything.bpmn").read_bytes()
SETTINGS = settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)


def _parse_or_refuse(data: bytes) -> None:
    try:
        bpmn.parse(data)
    except bpmn.BpmnError as error:
        assert error.problems
        assert all(isinstance(p.message, str) and p.message for p in error.problems)
        assert len(str(error).splitlines()) == len(error.problems)


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    _parse_or_refuse(data)


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(VALID) - 1),
            st.integers(0, 40),
            st.binary(max_size=12) | st.sampled_from([b'"', b"<", b">", b"/>", b"id=", b"&amp;"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_mutated_valid_document(edits: list[tuple[int, int, bytes]]) -> None:
    data = bytearray(VALID)
    for at, length, insert in edits:
        data[at : at + length] = insert
    _parse_or_refuse(bytes(data))


@SETTINGS
@given(st.data())
def test_elements_removed_from_valid_document(data: st.DataObject) -> None:
    lines = VALID.splitlines(keepends=True)
    drop = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=15))
    _parse_or_refuse(b"".join(line for i, line in enumerate(lines) if i not in drop))


@SETTINGS
@given(st.data())
def test_attribute_values_replaced(data: st.DataObject) -> None:
    text = VALID.decode()
    parts = text.split('"')
    count = data.draw(st.integers(1, 10))
    for _ in range(count):
        index = data.draw(st.integers(0, len(parts) // 2 - 1)) * 2 + 1
        parts[index] = data.draw(
            st.sampled_from(["", "x", "start", "Charge", "=", "true", "F_big"])
        )
    _parse_or_refuse('"'.join(parts).encode())
