"""The RocksDB partition log: positions, reading, the exporter floor, compaction, snapshots,
reopening, and what it says about damaged entries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from broker import PartitionLog, PartitionStore, StorageError
from broker.storage.layout import log_key
from engine.records import RecordCodec


def _open(path: Path) -> PartitionStore:
    return PartitionStore.open(path, partition_id=1)


def _positions(log: PartitionLog, start: int = 1) -> list[int]:
    return [r.position for r in log.read(start)]


def test_an_empty_log(tmp_path: Path) -> None:
    with _open(tmp_path / "p") as store:
        log: PartitionLog = store.log
        assert (log.partition_id, log.first_position, log.last_position) == (1, 1, 0)
        assert log.exported_position == 0
        assert list(log.read(1)) == []
        assert list(log.read(5)) == []


def test_append_assigns_contiguous_positions_from_1(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        assert store.log.append([record(1), record(2), record(3)]) == [1, 2, 3]
        assert store.log.append([]) == []
        assert store.log.append([record(4)]) == [4]
        assert store.log.last_position == 4
        read = list(store.log.read(1))
        assert read == [replace(record(n), position=n) for n in (1, 2, 3, 4)]
        assert _positions(store.log, 3) == [3, 4]
        assert _positions(store.log, 5) == []


def test_records_that_carry_their_position_must_carry_the_next_one(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        assert store.log.append([record(1, position=1), record(2, position=2)]) == [1, 2]
        with pytest.raises(ValueError, match="record 1 of the batch to have position 4"):
            store.log.append([record(3, position=3), record(4, position=7)])
        with pytest.raises(ValueError, match="belong to partition 1, but it names partition 2"):
            store.log.append([record(3, partition_id=2)])
        # A refused batch writes nothing.
        assert store.log.last_position == 2
        assert _positions(store.log) == [1, 2]


def test_reopening_keeps_the_records_and_continues_the_positions(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(n) for n in range(1, 11)])
    with _open(tmp_path / "p") as store:
        assert store.log.last_position == 10
        assert store.log.append([record(11)]) == [11]
        assert [r.value.name for r in store.log.read(9)] == ["v9", "v10", "v11"]


def test_a_read_sees_the_log_as_it_was_when_the_read_started(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(1), record(2)])
        reader = store.log.read(1)
        assert next(reader).position == 1
        store.log.append([record(3)])
        assert [r.position for r in reader] == [2]
        assert _positions(store.log) == [1, 2, 3]


def test_reading_from_position_0_is_a_value_error(tmp_path: Path) -> None:
    with _open(tmp_path / "p") as store, pytest.raises(ValueError, match="at least 1"):
        store.log.read(0)


# The exporter floor and compaction.


def _processed(store: PartitionStore, position: int) -> None:
    store.commit([], store.state.begin(), position)


def test_compaction_stops_at_the_exported_position(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(n) for n in range(1, 11)])
        _processed(store, 10)
        assert store.log.compact(8) == 1  # nothing exported yet: nothing may go
        store.log.acknowledge_exported(4)
        assert store.log.compact(8) == 5
        assert store.log.first_position == 5
        assert _positions(store.log, 5) == [5, 6, 7, 8, 9, 10]
        with pytest.raises(StorageError, match="compacted below 5") as raised:
            list(store.log.read(4))
        assert raised.value.position == 4
        store.log.acknowledge_exported(10)
        assert store.log.compact(8) == 8
        assert store.log.compact(3) == 8  # compaction never moves back


def test_compaction_never_passes_an_unprocessed_command(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(n) for n in range(1, 6)])
        store.log.acknowledge_exported(5)
        _processed(store, 2)
        assert store.log.compact(6) == 3
        assert _positions(store.log, 3) == [3, 4, 5]


def test_exported_acknowledgements_only_move_forward(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(1), record(2), record(3)])
        store.log.acknowledge_exported(2)
        store.log.acknowledge_exported(1)  # a restarted exporter re-acknowledging
        assert store.log.exported_position == 2
        with pytest.raises(ValueError, match="exported position up to 3, but got 4"):
            store.log.acknowledge_exported(4)
    with _open(tmp_path / "p") as store:
        assert store.log.exported_position == 2


def test_a_log_compacted_to_nothing_keeps_its_positions(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(n) for n in range(1, 4)])
        _processed(store, 3)
        store.log.acknowledge_exported(3)
        assert store.log.compact(100) == 4
        assert (store.log.first_position, store.log.last_position) == (4, 3)
        assert list(store.log.read(4)) == []
    with _open(tmp_path / "p") as store:
        assert (store.log.first_position, store.log.last_position) == (4, 3)
        assert store.log.append([record(4)]) == [4]
        assert _positions(store.log, 4) == [4]


# Snapshots.


def test_a_snapshot_opens_as_the_partition_at_that_instant(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        txn = store.state.begin()
        txn.put(b"\x00\x0acount", b"2")
        store.commit([record(1), record(2)], txn, 2)
        snapshot = store.snapshot(tmp_path / "snap")
        assert (snapshot.processed_position, snapshot.last_position) == (2, 2)
        assert snapshot.directory == tmp_path / "snap"
        txn.put(b"\x00\x0acount", b"3")
        store.commit([record(3)], txn, 3)
        with pytest.raises(StorageError, match="already exists"):
            store.snapshot(tmp_path / "snap")
    with _open(tmp_path / "snap") as restored:
        assert restored.processed_position == 2
        assert restored.state.get(b"\x00\x0acount") == b"2"
        assert _positions(restored.log) == [1, 2]


# Damaged entries: a clear StorageError naming the position, never a stray exception.


def test_a_corrupt_record_names_its_position(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(1), record(2), record(3)])
        store.db.put(log_key(2), b"\x93garbage")
        reader = store.log.read(1)
        assert next(reader).position == 1
        with pytest.raises(StorageError, match="position 2 of partition 1's log") as raised:
            next(reader)
        assert raised.value.position == 2
        assert "cannot be decoded" in str(raised.value)


def test_a_record_stored_under_the_wrong_position_is_reported(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(1), record(2)])
        store.db.put(log_key(2), RecordCodec().encode(record(9, position=9)))
        with pytest.raises(StorageError, match="to carry that position, but it carries 9"):
            list(store.log.read(1))


def test_a_missing_position_is_reported(tmp_path: Path, record) -> None:
    with _open(tmp_path / "p") as store:
        store.log.append([record(1), record(2), record(3)])
        store.db.delete(log_key(2))
        with pytest.raises(StorageError, match=r"Expected position 2 .* but it is missing"):
            list(store.log.read(1))
        store.db.delete(log_key(3))
        with pytest.raises(StorageError, match="Expected position 2"):
            list(store.log.read(1))


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory, record) -> Iterator[PartitionStore]:
    with _open(tmp_path_factory.mktemp("fuzz") / "p") as store:
        store.log.append([record(1)])
        yield store


@settings(max_examples=300, deadline=None, derandomize=True)
@given(garbage=st.binary(max_size=64) | st.builds(lambda b: b"\xdc\x00\x11" + b, st.binary()))
def test_any_garbage_in_the_log_is_a_storage_error(fuzzed: PartitionStore, garbage: bytes) -> None:
    fuzzed.db.put(log_key(1), garbage)
    with pytest.raises(StorageError) as raised:
        list(fuzzed.log.read(1))
    assert raised.value.position == 1
