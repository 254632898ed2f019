"""Random KV operations checked against a plain dict: shared by every KeyValueStore's tests."""

from __future__ import annotations

from hypothesis import strategies as st

from engine.state import KeyValueStore
from engine.state.encoding import prefix_end

# Short keys over a tiny alphabet (0x00, 0x7F, 0xFE), so random operations collide, share
# prefixes and reach the top of the state keyspace.
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


def _expected(model: dict[bytes, bytes], start: bytes, stop: bytes | None) -> list:
    return sorted((k, v) for k, v in model.items() if k >= start and (stop is None or k < stop))


def check_against_dict(store: KeyValueStore, ops: list[tuple], in_transaction: bool) -> None:
    """Runs ``ops`` on an empty ``store`` (directly, or in one transaction) and on a dict model;
    every read must agree, and the store must only ever show committed data."""
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
            assert list(target.scan(op[1])) == _expected(model, op[1], prefix_end(op[1]))
        elif name == "range":
            assert list(target.scan_range(op[1], op[2])) == _expected(model, op[1], op[2])
        elif name == "commit" and in_transaction:
            txn.commit()
            committed = dict(pending)
        elif name == "rollback" and in_transaction:
            txn.rollback()
            pending = dict(committed)
        assert list(store.scan(b"")) == sorted(committed.items())
