"""One partition's RocksDB database: its log, its state, and the one commit that joins them.

DESIGN invariant 3, acknowledged means durable: the stream processor calls `commit` with the
records a batch of commands produced, the state transaction those commands wrote through, and
the position of the last command processed. All three go into ONE WriteBatch, written with
fsync; only after `commit` returns may clients be answered or jobs pushed. RocksDB replays a
WriteBatch from its write-ahead log whole or not at all, so after a crash the database holds
either the batch's records, state changes and processed position, or none of them: state always
matches the log up to the processed position, and restarting needs no replay.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from rocksdict import WriteBatch

from engine.records import Record

from .errors import StorageError
from .log.protocol import Snapshot
from .log.rocks import DEFAULT_MAX_BATCH_BYTES, RocksPartitionLog
from .storage.database import RocksDatabase
from .storage.layout import (
    FORMAT,
    FORMAT_KEY,
    PARTITION_ID_KEY,
    PROCESSED_POSITION_KEY,
    from_u64,
    u64,
)
from .storage.rocks import RocksKeyValueStore, RocksTransaction


def _check_identity(db: RocksDatabase, partition_id: int) -> None:
    # A new database gets its marker and partition id at once (fsync'd); an existing one must
    # carry the same, so a path mix-up cannot serve one partition's records as another's.
    marker = db.get(FORMAT_KEY)
    if marker is None:
        if not db.is_empty():
            raise StorageError(
                f"Expected a Baton partition database at {db.path}, but it holds other data"
            )
        batch = db.batch()
        batch.put(FORMAT_KEY, FORMAT)
        batch.put(PARTITION_ID_KEY, u64(partition_id))
        db.write(batch, sync=True)
        return
    if marker != FORMAT:
        raise StorageError(
            f"Expected a database in format {FORMAT.decode()} at {db.path}, but it is in "
            f"{marker.decode(errors='replace')}"
        )
    stored = db.get(PARTITION_ID_KEY)
    if stored is None or from_u64(stored) != partition_id:
        found = "no partition id" if stored is None else f"partition {from_u64(stored)}"
        raise StorageError(
            f"Expected the database at {db.path} to hold partition {partition_id}, but it holds "
            f"{found}"
        )


class PendingCommit:
    """A built, unwritten commit: `write()` (blocking, may run in another thread) makes it
    durable, then `written()` (on the owner's thread) moves the in-memory views."""

    def __init__(
        self,
        store: PartitionStore,
        batch: WriteBatch,
        positions: list[int],
        state: RocksTransaction,
        processed_position: int,
    ) -> None:
        self._store = store
        self._batch = batch
        self.positions = positions
        self._state = state
        self._processed = processed_position

    def write(self) -> None:
        self._store.db.write(self._batch, sync=True)

    def written(self) -> list[int]:
        self._store._written(self.positions, self._state, self._processed)
        return self.positions


class PartitionStore:
    """A partition's log (`log`), state (`state`) and processed position, in one database.

    Invariant: `first_position - 1 <= processed_position <= log.last_position` once the
    database is open, and `commit` keeps it. One writer (the partition's stream processor).
    """

    def __init__(
        self,
        db: RocksDatabase,
        partition_id: int,
        *,
        max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    ) -> None:
        self.db = db
        self.partition_id = partition_id
        self.log = RocksPartitionLog(db, partition_id, max_batch_bytes=max_batch_bytes)
        self.state = RocksKeyValueStore(db)
        stored = db.get(PROCESSED_POSITION_KEY)
        self._processed = 0 if stored is None else from_u64(stored)
        if self._processed > self.log.last_position:
            raise StorageError(
                f"Expected partition {partition_id}'s processed position {self._processed} to be "
                f"in its log, but the log ends at {self.log.last_position}",
                position=self._processed,
            )

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        partition_id: int,
        *,
        max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    ) -> PartitionStore:
        """Opens (or creates) partition `partition_id`'s database in the directory `path`;
        batches of records that encode to more than `max_batch_bytes` are refused."""
        if not 1 <= partition_id <= 4095:  # keys carry the partition in 12 bits (keys.py)
            raise ValueError(f"Expected a partition id in 1..4095, but got {partition_id}")
        db = RocksDatabase.open(path)
        try:
            _check_identity(db, partition_id)
            return cls(db, partition_id, max_batch_bytes=max_batch_bytes)
        except BaseException:
            db.close()
            raise

    @property
    def path(self) -> Path:
        return self.db.path

    @property
    def processed_position(self) -> int:
        """The position of the last command whose results are committed (0: none yet)."""
        return self._processed

    def commit(
        self,
        records: Sequence[Record[Any]],
        state: RocksTransaction,
        processed_position: int,
    ) -> list[int]:
        """Appends `records`, applies `state`'s writes and sets the processed position, in one
        fsync'd WriteBatch; returns the records' positions. Only after this returns are the
        records durable. `BatchTooLarge` and `ValueError` are raised before anything is
        written (the transaction keeps its writes); a `StorageError` from the write means none
        of it is durable, and the database refuses further writes until reopened (see
        `RocksDatabase`)."""
        pending = self.prepare_commit(records, state, processed_position)
        pending.write()
        return pending.written()

    def prepare_commit(
        self,
        records: Sequence[Record[Any]],
        state: RocksTransaction,
        processed_position: int,
    ) -> PendingCommit:
        """The first half of `commit`: checks and builds the WriteBatch (raising
        `BatchTooLarge` or `ValueError` with nothing written). The stream processor runs the
        blocking `PendingCommit.write` in a thread, so its event loop keeps accepting commands
        during the fsync, then calls `written` on the loop. Between the two, nothing may touch
        `state` or append to the log (one writer)."""
        if state.store is not self.state:
            raise ValueError("Expected a transaction of this partition's state, but got another")
        last = self.log.last_position + len(records)
        if not self._processed <= processed_position <= last:
            raise ValueError(
                f"Expected a processed position in {self._processed}..{last}, but got "
                f"{processed_position}"
            )
        batch = self.db.batch()
        positions = self.log.stage(batch, records)
        state.add_to(batch)
        batch.put(PROCESSED_POSITION_KEY, u64(processed_position))
        return PendingCommit(self, batch, positions, state, processed_position)

    def _written(self, positions: list[int], state: RocksTransaction, processed: int) -> None:
        # Durable from here on: only now may the in-memory views move.
        self.log.staged_written(positions)
        state.mark_written()
        self._processed = processed

    def snapshot(self, directory: str | os.PathLike[str]) -> Snapshot:
        """A consistent copy of the whole database (log, state, processed position) in the
        new directory `directory`; `PartitionStore.open(directory, id)` restores it."""
        return self.log.snapshot(Path(directory))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> PartitionStore:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
