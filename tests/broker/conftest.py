"""Shared fixtures for the broker tests: records to append, and fresh database directories."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from engine.records import Record, RecordType, ValueType
from engine.records.intents import VariableIntent
from engine.records.values import VariableRecordValue

RecordFactory = Callable[..., Record[Any]]


def make_record(n: int, *, position: int = -1, partition_id: int = 1) -> Record[Any]:
    """A small, distinct record: variable `v<n>` with value `n`."""
    return Record(
        position=position,
        key=(partition_id << 51) + n,
        timestamp=1_700_000_000_000 + n,
        partition_id=partition_id,
        record_type=RecordType.EVENT,
        value_type=ValueType.VARIABLE,
        intent=VariableIntent.CREATED,
        value=VariableRecordValue(name=f"v{n}", value=str(n), scope_key=n),
    )


@pytest.fixture(scope="session")
def record() -> RecordFactory:
    return make_record
