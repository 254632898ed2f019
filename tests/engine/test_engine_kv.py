"""The in-memory store keeps the KV contract, and agrees with a plain dict on random operations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.state import InMemoryKeyValueStore, KeyValueStore
from engine.state.encoding import prefix_end
from engine.state.kv_contract import KeyValueStoreContract
from tests.engine.kv_model import check_against_dict, operations


class TestInMemoryKeyValueStore(KeyValueStoreContract):
    def make_store(self) -> KeyValueStore:
        return InMemoryKeyValueStore()


@settings(max_examples=300, deadline=None)
@given(operations, st.booleans())
def test_random_operations_agree_with_a_dict(ops: list[tuple], in_transaction: bool) -> None:
    check_against_dict(InMemoryKeyValueStore(), ops, in_transaction)


def test_prefix_end_is_the_least_key_past_the_prefix() -> None:
    assert prefix_end(b"\x01\x02") == b"\x01\x03"
    assert prefix_end(b"\x01\xff") == b"\x02"
    assert prefix_end(b"\xff\xff") is None
    assert prefix_end(b"") is None
