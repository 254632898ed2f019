"""The RocksDB state store keeps the engine's KV contract, agrees with a dict on random
operations, and stays inside the state part of the partition's keyspace."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from broker import PartitionStore, RocksDatabase, RocksKeyValueStore
from engine.state import Column, KeyValueStore
from engine.state.kv_contract import KeyValueStoreContract
from tests.engine.kv_model import check_against_dict, operations


class TestRocksKeyValueStore(KeyValueStoreContract):
    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> Iterator[None]:
        self._tmp = tmp_path
        self._databases: list[RocksDatabase] = []
        yield
        for db in self._databases:
            db.close()

    def make_store(self) -> KeyValueStore:
        db = RocksDatabase.open(self._tmp / f"db{len(self._databases)}")
        self._databases.append(db)
        return RocksKeyValueStore(db, sync=False)


class TestPartitionStateStore(KeyValueStoreContract):
    """The same contract for the state of a real partition database, beside its log."""

    @pytest.fixture(autouse=True)
    def _directory(self, tmp_path: Path) -> Iterator[None]:
        self._tmp = tmp_path
        self._stores: list[PartitionStore] = []
        yield
        for store in self._stores:
            store.close()

    def make_store(self) -> KeyValueStore:
        store = PartitionStore.open(self._tmp / f"p{len(self._stores)}", partition_id=1)
        self._stores.append(store)
        return store.state  # a new partition's state is empty: its metadata sits above 0xFF


def test_state_scans_never_see_the_log(tmp_path: Path, record) -> None:
    with PartitionStore.open(tmp_path / "p", partition_id=1) as store:
        store.log.append([record(1), record(2)])
        store.state.put(b"\x00\x05a", b"1")
        assert list(store.state.scan(b"")) == [(b"\x00\x05a", b"1")]
        assert list(store.state.scan_range(b"", None)) == [(b"\x00\x05a", b"1")]
        assert list(store.state.scan(b"\xff")) == []
        assert store.state.get(b"\xff\x00format") is None
        assert store.state.begin().get(b"\xff\x01" + (1).to_bytes(8, "big")) is None
        txn = store.state.begin()
        txn.put(b"\x00\x06", b"2")
        assert [k for k, _ in txn.scan(b"")] == [b"\x00\x05a", b"\x00\x06"]


def test_state_keys_from_0xff_on_are_refused(tmp_path: Path) -> None:
    with PartitionStore.open(tmp_path / "p", partition_id=1) as store:
        txn = store.state.begin()
        for write in (
            lambda: store.state.put(b"\xff\x01" + bytes(8), b"x"),
            lambda: store.state.delete(b"\xff"),
            lambda: txn.put(b"\xff\x00format", b"x"),
            lambda: txn.delete(b"\xff\xff"),
        ):
            with pytest.raises(ValueError, match="Expected a state key below 0xFF"):
                write()
        assert store.log.last_position == 0


def test_engine_columns_stay_below_the_broker_prefix() -> None:
    assert max(Column) < 0xFF00


@pytest.fixture(scope="module")
def random_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RocksKeyValueStore]:
    db = RocksDatabase.open(tmp_path_factory.mktemp("random") / "db")
    yield RocksKeyValueStore(db, sync=False)
    db.close()


@settings(max_examples=200, deadline=None, derandomize=True)
@given(ops=operations, in_transaction=st.booleans())
def test_random_operations_agree_with_a_dict(
    random_store: RocksKeyValueStore, ops: list[tuple], in_transaction: bool
) -> None:
    for key, _ in list(random_store.scan(b"")):
        random_store.delete(key)
    check_against_dict(random_store, ops, in_transaction)


def test_a_transaction_can_join_a_batch_the_caller_also_fills(tmp_path: Path) -> None:
    db = RocksDatabase.open(tmp_path / "db")
    try:
        store = RocksKeyValueStore(db)
        store.put(b"\x00\x01old", b"1")
        txn = store.begin()
        txn.put(b"\x00\x01new", b"2")
        txn.delete(b"\x00\x01old")
        batch = db.batch()
        txn.add_to(batch)
        batch.put(b"\x00\x02extra", b"3")  # the caller's own write, in the same batch
        assert store.get(b"\x00\x01new") is None  # nothing written before the batch is
        assert txn.get(b"\x00\x01new") == b"2"  # ... and the writes stay visible meanwhile
        db.write(batch, sync=True)
        txn.mark_written()
        assert list(store.scan(b"")) == [(b"\x00\x01new", b"2"), (b"\x00\x02extra", b"3")]
        assert list(txn.scan(b"")) == list(store.scan(b""))
    finally:
        db.close()
