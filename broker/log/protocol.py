"""The `PartitionLog` seam: the only way code reaches a partition's log of record.

Two implementations keep these semantics: `RocksPartitionLog` (embedded; the log shares one
RocksDB database with the partition's state) and, with the cluster work, a PostgreSQL log
(DESIGN.md, Scale-out). So nothing above this seam may assume the log is local: no RocksDB types, no
reading ahead of `last_position`, no atomic commit of log and state together (that is the
embedded `PartitionStore.commit`; a remote log commits first and state follows, replayed from
the log after a crash). Snapshots are of the broker's local state, hence a local directory.

Semantics every implementation keeps:

- Positions are contiguous integers starting at 1. `append` assigns the next ones to its
  records in order and returns them; a record that already carries a position (the engine hands
  them out while it processes) must carry exactly the one it gets, else `ValueError`.
- `append` returns only once the records are durable (fsync'd, or committed by the database);
  a batch is stored whole or not at all.
- `read(from_position)` yields the records from `from_position` up to the `last_position` of
  the moment the read starts, in order, each exactly once; reading below `first_position` (a
  compacted part) raises `StorageError`, because a reader that silently skipped records would
  break at-least-once export.
- `compact(up_to_position)` deletes records below `up_to_position`, but never one above
  `exported_position` (what every exporter acknowledged), never a command not yet processed,
  and never the unwritten future. The caller passes a position its latest snapshot covers.
- `snapshot(directory)` writes a consistent copy of the partition's state, from which the
  broker can start again at the snapshot's `processed_position` plus the log's later records.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from engine.records import Record


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A snapshot taken at one instant: where it is, the processed position its state is
    at, and the log's last position then (records after `processed_position` are replayed)."""

    directory: Path
    processed_position: int
    last_position: int


class PartitionLog(Protocol):
    """A partition's append-only log of records."""

    @property
    def partition_id(self) -> int: ...

    @property
    def first_position(self) -> int:
        """The lowest position still stored (`last_position + 1` when the log is empty)."""
        ...

    @property
    def last_position(self) -> int:
        """The highest position appended (0 when nothing ever was)."""
        ...

    @property
    def exported_position(self) -> int:
        """The highest position every exporter acknowledged: the floor of compaction."""
        ...

    def append(self, records: Sequence[Record[Any]]) -> list[int]: ...

    def read(self, from_position: int) -> Iterator[Record[Any]]: ...

    def acknowledge_exported(self, position: int) -> None:
        """Exporters have all handled every record up to `position`; lower values are ignored
        (a restarted exporter re-acknowledges), higher than `last_position` is a `ValueError`."""
        ...

    def compact(self, up_to_position: int) -> int:
        """Deletes records below `up_to_position` within the floor; returns `first_position`."""
        ...

    def snapshot(self, directory: Path) -> Snapshot: ...
