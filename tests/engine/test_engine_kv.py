"""The in-memory store keeps the KV contract, and agrees with a plain dict on random operations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.state import InMemoryKeyValueStore, KeyValueStore
from engine.state.encoding import prefix_end
from engine.state.kv_contract import KeyValueStoreContract


class TestInMemoryKeyValueStore(KeyValueStoreContract):
    def make_store(self) -> KeyValueStore:
        return InMemoryKeyValueStore()


# Short keys over a tiny alphabet, so random operations collide, share prefixes and hit 0xFF.
keys = st.binary(max_size=3).map(lambda b: bytes(x % 3 * 0x7F for x in b))
values = st.binary(max_size=2)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("put"), keys, values),
        st.tuples(st.just("delete"), keys),
        st.tuples(st.just("scan"), keys),
        st.tuples(st.just("range"), keys, st.one_of(st.none(), keys)),
        st.tuples(st.just("get"), keys),
        st.tuples(st.just("commit")),
        st.tuples(st.just("rollback")),
    ),
    max_size=40,
)


def _expected_range(model: dict[bytes, bytes], start: bytes, stop: bytes | None) -> list:
    return sorted((k, v) for k, v in model.items() if k >= start and (stop is None or k < stop))


@settings(max_examples=300, deadline=None)
@given(operations, st.booleans())
def test_random_operations_agree_with_a_dict(ops: list[tuple], in_transaction: bool) -> None:
    store = InMemoryKeyValueStore()
    committed: dict[bytes, bytes] = {}
    pending: dict[bytes, bytes] = {}
    txn = store.begin()
    target = txn if in_transaction else store
    for op in ops:
        name = op[0]
        model = pending if in_transaction else committed
        if name == "put":
            target.put(op[1], op[2])
            model[op[1]] = op[2]
        elif name == "delete":
            target.delete(op[1])
            model.pop(op[1], None)
        elif name == "get":
            assert target.get(op[1]) == model.get(op[1])
        elif name == "scan":
            assert list(target.scan(op[1])) == _expected_range(model, op[1], prefix_end(op[1]))
        elif name == "range":
            assert list(target.scan_range(op[1], op[2])) == _expected_range(model, op[1], op[2])
        elif name == "commit" and in_transaction:
            txn.commit()
            committed = dict(pending)
        elif name == "rollback" and in_transaction:
            txn.rollback()
            pending = dict(committed)
        # The store itself only ever shows committed data.
        assert list(store.scan(b"")) == sorted(committed.items())


def test_prefix_end_is_the_least_key_past_the_prefix() -> None:
    assert prefix_end(b"\x01\x02") == b"\x01\x03"
    assert prefix_end(b"\x01\xff") == b"\x02"
    assert prefix_end(b"\xff\xff") is None
    assert prefix_end(b"") is None
