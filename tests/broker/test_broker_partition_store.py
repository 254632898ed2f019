"""`PartitionStore`: opening (and refusing) a partition database, and the one commit that
writes records, state changes and the processed position together."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from broker import BatchTooLarge, BrokerError, PartitionStore, StorageError
from broker.storage.layout import PROCESSED_POSITION_KEY
from engine.records import RecordCodec

COUNT = b"\x00\x0acount"  # a state key of the engine's shape (column 10)


def test_a_commit_writes_records_state_and_processed_position(tmp_path: Path, record) -> None:
    with PartitionStore.open(tmp_path / "p", partition_id=1) as store:
        assert store.processed_position == 0
        txn = store.state.begin()
        txn.put(COUNT, b"1")
        txn.put(b"\x00\x0bgone", b"x")
        txn.delete(b"\x00\x0bgone")
        assert store.commit([record(1), record(2)], txn, processed_position=1) == [1, 2]
        # The transaction is empty and reusable; reads now come from the store.
        assert txn.get(COUNT) == b"1"
        txn.put(COUNT, b"2")
        assert store.commit([record(3)], txn, processed_position=3) == [3]
        assert store.processed_position == 3
    with PartitionStore.open(tmp_path / "p", partition_id=1) as store:
        assert store.processed_position == 3
        assert store.log.last_position == 3
        assert [r.value.name for r in store.log.read(1)] == ["v1", "v2", "v3"]
        assert list(store.state.scan(b"\x00\x0a")) == [(COUNT, b"2")]
        assert store.state.get(b"\x00\x0bgone") is None
        assert store.state.get(PROCESSED_POSITION_KEY) == (3).to_bytes(8, "big")


def test_a_commit_refuses_a_processed_position_outside_the_log(tmp_path: Path, record) -> None:
    with PartitionStore.open(tmp_path / "p", partition_id=1) as store:
        txn = store.state.begin()
        store.commit([record(1)], txn, 1)
        txn.put(COUNT, b"x")
        with pytest.raises(ValueError, match=r"processed position in 1\.\.2, but got 3"):
            store.commit([record(2)], txn, 3)
        with pytest.raises(ValueError, match=r"processed position in 1\.\.1, but got 0"):
            store.commit([], txn, 0)
        assert store.log.last_position == 1
        # A refused commit leaves the transaction's writes in place for the caller to decide.
        assert txn.get(COUNT) == b"x"
        assert store.state.get(COUNT) is None


def test_a_commit_refuses_another_stores_transaction(tmp_path: Path, record) -> None:
    with (
        PartitionStore.open(tmp_path / "a", partition_id=1) as a,
        PartitionStore.open(tmp_path / "b", partition_id=1) as b,
        pytest.raises(ValueError, match="transaction of this partition's state"),
    ):
        a.commit([record(1)], b.state.begin(), 1)


def test_after_a_failed_write_the_store_refuses_every_write(tmp_path: Path, record) -> None:
    store = PartitionStore.open(tmp_path / "p", partition_id=1)
    store.commit([record(1)], store.state.begin(), 1)
    store.db._db.close()  # the RocksDB handle fails under the store, as a failed fsync would
    with pytest.raises(StorageError, match="Expected to write the RocksDB database"):
        store.commit([record(2)], store.state.begin(), 2)
    assert store.log.last_position == 1
    assert store.processed_position == 1
    with pytest.raises(StorageError, match="an earlier write failed"):
        store.log.append([record(2)])


# Opening: a clear StorageError naming the path.


def test_opening_a_file_is_a_storage_error(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("not a database")
    expected = f"Expected a directory .* but {re.escape(str(path))} is a file"
    with pytest.raises(StorageError, match=expected):
        PartitionStore.open(path, partition_id=1)


def test_opening_below_a_file_is_a_storage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(StorageError, match="Expected to create the partition database directory"):
        PartitionStore.open(tmp_path / "file" / "p", partition_id=1)


def test_opening_where_nothing_can_be_created_is_a_storage_error() -> None:
    # /proc refuses new directories even to root, which chmod cannot promise.
    with pytest.raises(StorageError, match="/proc/baton-partition"):
        PartitionStore.open("/proc/baton-partition", partition_id=1)


_OPEN_AS_OTHER_USER = """
import sys
from broker import PartitionStore, StorageError
try:
    PartitionStore.open(sys.argv[1], partition_id=1)
except StorageError as error:
    print(error)
"""


def _open_as_nobody(path: Path) -> str:
    """What opening `path` prints when done by a user without root's powers."""
    command = [sys.executable, "-c", _OPEN_AS_OTHER_USER, str(path)]
    if os.geteuid() == 0:
        # Root writes through file permissions: open the database as nobody instead.
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_opening_an_unwritable_directory_is_a_storage_error() -> None:
    # Not pytest's tmp_path: its parent is private to root, and nobody must reach the directory.
    with tempfile.TemporaryDirectory() as top:
        Path(top).chmod(0o755)
        unwritable = Path(top) / "ro"
        unwritable.mkdir(mode=0o555)
        assert "to be writable, but it is not" in _open_as_nobody(unwritable)
        private = Path(top) / "private"
        private.mkdir(mode=0o000)
        said = _open_as_nobody(private / "p")
        private.chmod(0o700)
        assert "Expected to create the partition database directory" in said
        assert "Permission denied" in said


def test_opening_an_open_database_twice_is_a_storage_error(tmp_path: Path) -> None:
    with (
        PartitionStore.open(tmp_path / "p", partition_id=1),
        pytest.raises(StorageError, match=r"Expected to open the RocksDB database at .*lock"),
    ):
        PartitionStore.open(tmp_path / "p", partition_id=1)


def test_opening_a_partition_as_another_is_a_storage_error(tmp_path: Path) -> None:
    PartitionStore.open(tmp_path / "p", partition_id=2).close()
    with pytest.raises(StorageError, match="to hold partition 3, but it holds partition 2"):
        PartitionStore.open(tmp_path / "p", partition_id=3)
    # The refused open released the database.
    PartitionStore.open(tmp_path / "p", partition_id=2).close()


def test_opening_a_database_that_is_not_baton_s_is_a_storage_error(tmp_path: Path) -> None:
    from broker import RocksDatabase

    db = RocksDatabase.open(tmp_path / "other")
    db.put(b"someone else's", b"data")
    db.close()
    with pytest.raises(StorageError, match=r"Baton partition database .* holds other data"):
        PartitionStore.open(tmp_path / "other", partition_id=1)


def test_partition_ids_are_1_to_4095(tmp_path: Path) -> None:
    for wrong in (0, 4096):
        with pytest.raises(ValueError, match=r"partition id in 1\.\.4095"):
            PartitionStore.open(tmp_path / "p", partition_id=wrong)


def test_storage_errors_are_broker_errors() -> None:
    assert issubclass(StorageError, BrokerError)
    assert issubclass(BatchTooLarge, BrokerError)
    assert StorageError("x", position=3).position == 3


def test_a_batch_over_the_size_limit_is_refused_whole(tmp_path: Path, record) -> None:
    with PartitionStore.open(tmp_path / "p", partition_id=1, max_batch_bytes=1000) as store:
        small = len(RecordCodec().encode(record(1)))
        assert store.log.append([record(1)]) == [1]
        txn = store.state.begin()
        txn.put(COUNT, b"1")
        batch = [record(n) for n in range(2, 2 + 1000 // small + 1)]
        with pytest.raises(BatchTooLarge, match=r"at most 1000 bytes .* encode to \d+") as raised:
            store.commit(batch, txn, processed_position=1)
        assert raised.value.limit == 1000 and raised.value.size > 1000
        with pytest.raises(BatchTooLarge):
            store.log.append(batch)
        assert store.log.last_position == 1
        assert store.state.get(COUNT) is None
        assert store.commit(batch[:1], txn, processed_position=2) == [2]
