"""Engine state over RocksDB: the engine's `KeyValueStore` seam (`engine/state/kv.py`).

The store covers the state part of a partition's keyspace, keys below `layout.STATE_END`
(0xFF): reads and scans never see the broker's log and metadata, and writing a key at or above
0xFF is refused, so state can never overwrite the log.

A transaction buffers its writes in a sorted dict and merges them into reads; `commit()` writes
them as one RocksDB WriteBatch. The stream processor instead adds them to a batch it also fills
with records and the processed position (`add_to`, then `mark_written` once that batch is
durable): see `broker/partition_store.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from rocksdict import WriteBatch
from sortedcontainers import SortedDict  # type: ignore[import-untyped]  # ships no types

from engine.state.encoding import prefix_end

from .database import RocksDatabase
from .layout import STATE_END

# Marks "this transaction has not written the key" apart from None, "it deleted the key".
_UNWRITTEN = object()
UNWRITTEN = _UNWRITTEN
# Own keys are fetched from the sorted dict in slices of this many (see `_own_keys`).
_SLICE = 64


def _check_state_key(key: bytes) -> None:
    if key >= STATE_END:
        raise ValueError(
            f"Expected a state key below 0xFF, but got {key[:16]!r}: keys from 0xFF on hold "
            "the partition's log and metadata"
        )


def _clamp(stop: bytes | None) -> bytes:
    return STATE_END if stop is None or stop > STATE_END else stop


def _own_keys(writes: SortedDict, start: bytes, stop: bytes) -> Iterator[bytes]:
    # A live iterator over a SortedDict breaks when the dict changes, and a transaction may
    # write while it scans. So take a slice of keys, yield it, and look up the next slice after
    # the last key yielded. A key written ahead of the cursor may or may not show up, which the
    # KV contract leaves unspecified.
    cursor, inclusive = start, True
    while True:
        keys: list[bytes] = list(
            islice(writes.irange(cursor, stop, inclusive=(inclusive, False)), _SLICE)
        )
        yield from keys
        if len(keys) < _SLICE:
            return
        cursor, inclusive = keys[-1], False


class RocksTransaction:
    """Writes buffered in memory until committed; reads see them over the committed state.

    Invariant: `_writes` maps each key this unit of work wrote to its value, or to None when
    the last write deleted it; it is emptied by `commit`, `rollback` and `mark_written`.
    """

    def __init__(self, store: RocksKeyValueStore) -> None:
        self.store = store
        self._db = store.db
        self._writes: SortedDict = SortedDict()
        # Reads fall through to `below` (a transaction whose batch is being written) before
        # RocksDB; None: straight to RocksDB. See `split`.
        self.below: RocksTransaction | None = None

    def get(self, key: bytes) -> bytes | None:
        own = self._writes.get(key, _UNWRITTEN)
        if own is _UNWRITTEN:
            if self.below is not None:
                return self.below.get(key)
            return self._db.get(key) if key < STATE_END else None
        value: bytes | None = own
        return value

    def split(self) -> RocksTransaction:
        """Moves this transaction's writes into a new transaction, which becomes `below`:
        reads here still see them, new writes start empty. The stream processor writes the
        new one's batch while the next group is processed here; once it is durable, set
        `below` back to None (RocksDB then holds the same)."""
        sealed = RocksTransaction(self.store)
        sealed._writes, self._writes = self._writes, SortedDict()
        sealed.below, self.below = self.below, sealed
        return sealed

    def put(self, key: bytes, value: bytes) -> None:
        _check_state_key(key)
        self._writes[key] = bytes(value)

    def delete(self, key: bytes) -> None:
        _check_state_key(key)
        self._writes[key] = None

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.scan_range(prefix, prefix_end(prefix))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        # Merge committed entries (a RocksDB snapshot taken when the scan starts) with this
        # transaction's keys, each key once. A key's own write or deletion, as it is when the
        # key is reached, wins over the committed value.
        end = _clamp(stop)
        writes = self._writes
        below = self.below
        committed = self._db.items(start, end) if below is None else below.scan_range(start, end)
        own = _own_keys(writes, start, end)
        entry, own_key = next(committed, None), next(own, None)
        while entry is not None or own_key is not None:
            key: bytes
            committed_value: bytes | None = None
            if own_key is None or (entry is not None and entry[0] < own_key):
                assert entry is not None
                (key, committed_value), entry = entry, next(committed, None)
            else:
                if entry is not None and entry[0] == own_key:
                    committed_value, entry = entry[1], next(committed, None)
                key, own_key = own_key, next(own, None)
            value = writes.get(key, _UNWRITTEN)
            if value is _UNWRITTEN:
                # Not (or no longer, after a commit mid-scan) written here: the committed value.
                if committed_value is not None:
                    value = committed_value
                else:
                    value = self._db.get(key) if below is None else below.get(key)
            if value is not None:
                yield key, value

    def own(self, key: bytes) -> object:
        """What this transaction holds for `key`: bytes, None (deleted), or `UNWRITTEN`."""
        return self._writes.get(key, _UNWRITTEN)

    def restore(self, key: bytes, own: object) -> None:
        """Puts back what `own(key)` returned earlier (an undo of later writes to `key`)."""
        if own is _UNWRITTEN:
            self._writes.pop(key, None)
        else:
            self._writes[key] = own

    def add_to(self, batch: WriteBatch) -> None:
        """Adds this transaction's writes to `batch`, which the caller writes. The writes stay
        buffered (and visible to reads) until `mark_written`."""
        for key, value in self._writes.items():
            if value is None:
                batch.delete(key)
            else:
                batch.put(key, value)

    def mark_written(self) -> None:
        """The batch `add_to` filled is durable: the buffer empties and reads go to the store."""
        self._writes.clear()

    def commit(self) -> None:
        """Writes every buffered write in one WriteBatch (fsync'd if the store syncs)."""
        batch = self._db.batch()
        self.add_to(batch)
        self._db.write(batch, sync=self.store.sync)
        self._writes.clear()

    def rollback(self) -> None:
        self._writes.clear()


class RocksKeyValueStore:
    """Engine state in a RocksDB database: keys below 0xFF, in bytewise order.

    Direct writes (`put`, `delete`) go to RocksDB at once without fsync; `sync` says whether a
    transaction's own `commit()` waits for fsync. The broker's durable path is
    `PartitionStore.commit`, which always syncs.
    """

    def __init__(self, db: RocksDatabase, *, sync: bool = True) -> None:
        self.db = db
        self.sync = sync

    def get(self, key: bytes) -> bytes | None:
        return self.db.get(key) if key < STATE_END else None  # the log is not state

    def put(self, key: bytes, value: bytes) -> None:
        _check_state_key(key)
        self.db.put(key, bytes(value))

    def delete(self, key: bytes) -> None:
        _check_state_key(key)
        self.db.delete(key)

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.db.items(prefix, _clamp(prefix_end(prefix)))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        return self.db.items(start, _clamp(stop))

    def begin(self) -> RocksTransaction:
        return RocksTransaction(self)
