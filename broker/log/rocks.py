"""The embedded `PartitionLog`: records in the partition's RocksDB database, beside its state.

Each record is stored encoded (`RecordCodec`) under `FF 01` + its position as 8 bytes
big-endian (`broker/storage/layout.py`), so a range scan reads the log in position order.
`append` writes its own fsync'd batch; the stream processor instead adds records to the batch
that also holds the state changes (`stage`, then `staged_written` once that batch is durable),
which only works because log and state share one database: see `PartitionStore.commit`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from msgspec.structs import replace
from rocksdict import WriteBatch

from engine.records import Record, RecordCodec, RecordDecodeError

from ..errors import BatchTooLarge, StorageError
from ..storage.database import RocksDatabase
from ..storage.layout import (
    LOG_END,
    LOG_EXPORTED_POSITION_KEY,
    LOG_FIRST_POSITION_KEY,
    LOG_PREFIX,
    PROCESSED_POSITION_KEY,
    from_u64,
    log_key,
    position_of,
    u64,
)
from .protocol import Snapshot

# Zeebe's default `maxMessageSize`: the most one batch of records may encode to.
DEFAULT_MAX_BATCH_BYTES = 4 * 1024 * 1024


def _stored_position(db: RocksDatabase, key: bytes, absent: int) -> int:
    value = db.get(key)
    return absent if value is None else from_u64(value)


class RocksPartitionLog:
    """A partition's log in its RocksDB database. One writer; not thread-safe (it holds one
    `RecordCodec`, and msgspec encoders are not promised to be).

    Invariants: the log holds exactly the positions `first_position .. last_position`, each
    once; `first_position <= exported_position + 1` once anything was compacted (compaction
    never passes the exporters); `_last` changes only after the batch holding the new records
    is durable.
    """

    def __init__(
        self,
        db: RocksDatabase,
        partition_id: int,
        *,
        max_batch_bytes: int = DEFAULT_MAX_BATCH_BYTES,
    ) -> None:
        self._db = db
        self._partition_id = partition_id
        self.max_batch_bytes = max_batch_bytes
        self._codec = RecordCodec()
        self._first = _stored_position(db, LOG_FIRST_POSITION_KEY, absent=1)
        self._exported = _stored_position(db, LOG_EXPORTED_POSITION_KEY, absent=0)
        last_key = db.last_key(LOG_PREFIX, LOG_END)
        # A log compacted down to nothing keeps its last position in `first_position - 1`.
        self._last = self._first - 1 if last_key is None else position_of(last_key)
        if self._last < self._first - 1:
            raise StorageError(
                f"Expected partition {partition_id}'s log to end at or after position "
                f"{self._first - 1}, where it was compacted, but it ends at {self._last}",
                position=self._last,
            )

    @property
    def partition_id(self) -> int:
        return self._partition_id

    @property
    def first_position(self) -> int:
        return self._first

    @property
    def last_position(self) -> int:
        return self._last

    @property
    def exported_position(self) -> int:
        return self._exported

    # Appending.

    def stage(self, batch: WriteBatch, records: Sequence[Record[Any]]) -> list[int]:
        """Adds `records` to `batch` at the next positions and returns those positions. The log
        does not move until `staged_written(positions)`, called once `batch` is durable.
        Raises (adding nothing) `BatchTooLarge` over `max_batch_bytes`, `ValueError` for a
        record with another position or partition."""
        entries: list[tuple[int, bytes]] = []
        encode = self._codec.encode
        position, size = self._last, 0
        for index, record in enumerate(records):
            position += 1
            if record.position < 1:
                record = replace(record, position=position)
            elif record.position != position:
                raise ValueError(
                    f"Expected record {index} of the batch to have position {position} in "
                    f"partition {self._partition_id}'s log, but it has {record.position}"
                )
            if record.partition_id != self._partition_id:
                raise ValueError(
                    f"Expected record {index} of the batch to belong to partition "
                    f"{self._partition_id}, but it names partition {record.partition_id}"
                )
            data = encode(record)
            size += len(data)
            entries.append((position, data))
        if size > self.max_batch_bytes:
            raise BatchTooLarge(
                f"Expected a batch of at most {self.max_batch_bytes} bytes for partition "
                f"{self._partition_id}'s log, but its {len(entries)} records encode to {size}",
                size=size,
                limit=self.max_batch_bytes,
            )
        for position, data in entries:
            batch.put(log_key(position), data)
        return [position for position, _ in entries]

    def staged_written(self, positions: list[int]) -> None:
        if positions:
            self._last = positions[-1]

    def append(self, records: Sequence[Record[Any]]) -> list[int]:
        batch = self._db.batch()
        positions = self.stage(batch, records)
        self._db.write(batch, sync=True)
        self.staged_written(positions)
        return positions

    # Reading.

    def read(self, from_position: int) -> Iterator[Record[Any]]:
        if from_position < 1:
            raise ValueError(f"Expected a log position of at least 1, but got {from_position}")
        if from_position < self._first:
            raise StorageError(
                f"Expected to read partition {self._partition_id}'s log from position "
                f"{from_position}, but it was compacted below {self._first}",
                position=from_position,
            )
        return self._records(from_position, self._last)

    def _records(self, first: int, last: int) -> Iterator[Record[Any]]:
        expected = first
        decode = self._codec.decode
        for key, data in self._db.items(log_key(first), log_key(last + 1)):
            position = position_of(key)
            if position != expected:
                break  # reported below
            try:
                record = decode(data)
            except RecordDecodeError as error:
                raise StorageError(
                    f"Expected a record at position {position} of partition "
                    f"{self._partition_id}'s log, but it cannot be decoded: {error}",
                    position=position,
                ) from error
            if record.position != position:
                raise StorageError(
                    f"Expected the record at position {position} of partition "
                    f"{self._partition_id}'s log to carry that position, but it carries "
                    f"{record.position}",
                    position=position,
                )
            yield record
            expected += 1
        if expected <= last:
            raise StorageError(
                f"Expected position {expected} in partition {self._partition_id}'s log, but it "
                "is missing",
                position=expected,
            )

    # Exporters, compaction and snapshots.

    def acknowledge_exported(self, position: int) -> None:
        if position > self._last:
            raise ValueError(
                f"Expected an exported position up to {self._last}, but got {position}"
            )
        if position <= self._exported:
            return
        # Not fsync'd: losing an acknowledgement to a power cut only re-exports records, which
        # at-least-once delivery allows; it can never let compaction pass an unexported record.
        self._db.put(LOG_EXPORTED_POSITION_KEY, u64(position))
        self._exported = position

    def compact(self, up_to_position: int) -> int:
        # Never past what exporters acknowledged, never past a command not yet processed (its
        # results are not in state yet), never past the end (`_last + 1` empties the log).
        processed = _stored_position(self._db, PROCESSED_POSITION_KEY, absent=0)
        new_first = min(up_to_position, self._exported + 1, processed + 1, self._last + 1)
        if new_first <= self._first:
            return self._first
        batch = self._db.batch()
        batch.delete_range(log_key(self._first), log_key(new_first))
        batch.put(LOG_FIRST_POSITION_KEY, u64(new_first))
        self._db.write(batch, sync=True)
        self._first = new_first
        return new_first

    def snapshot(self, directory: Path) -> Snapshot:
        # One writer: nothing commits between reading the position and the checkpoint.
        processed = _stored_position(self._db, PROCESSED_POSITION_KEY, absent=0)
        self._db.checkpoint(directory)
        return Snapshot(directory, processed_position=processed, last_position=self._last)
