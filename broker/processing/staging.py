"""The engine's `KeyValueStore` for the stream processor: commits stage, the processor persists.

`Engine.process` commits its own KV transaction after every command. DESIGN invariant 3 wants
more: the records of a whole group of commands, their state changes and the processed position
in ONE fsync'd WriteBatch. So the engine gets this store, whose transactions' `commit()` only
moves their writes into the group's *overlay* (a `RocksTransaction` that nobody commits on its
own). The overlay is visible to every later read and scan, so the next command of the group
sees what the previous one wrote. The stream processor then hands the overlay to
`PartitionStore.commit` with the group's records: one batch, then the overlay empties.

    engine txn (one command) --commit()--> overlay (the group) --PartitionStore.commit--> RocksDB
        rollback(): drops only the command's unstaged writes

A crash before the durable write loses the overlay and the group's records together, so state
never runs ahead of the log. A group the processor abandons (a batch too large) is dropped with
`discard()`; the processor then rebuilds its engine, whose caches may hold staged data.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from sortedcontainers import SortedDict  # type: ignore[import-untyped]  # ships no types

from engine.state.encoding import prefix_end

from ..storage.rocks import RocksKeyValueStore, RocksTransaction

# Marks "not written by this transaction" apart from None, "deleted by it".
_UNWRITTEN = object()
_SLICE = 64


def _own_keys(writes: SortedDict, start: bytes, stop: bytes | None) -> Iterator[bytes]:
    # Keys in slices, so a write during the scan never breaks a live SortedDict iterator (the
    # same technique as `broker/storage/rocks.py`).
    cursor, inclusive = start, True
    while True:
        keys: list[bytes] = list(
            islice(writes.irange(cursor, stop, inclusive=(inclusive, False)), _SLICE)
        )
        yield from keys
        if len(keys) < _SLICE:
            return
        cursor, inclusive = keys[-1], False


class StagingTransaction:
    """One command's writes over the group's overlay. `commit` stages them into the overlay.

    Invariant: `_writes` holds only writes made since the last commit or rollback.
    """

    def __init__(self, overlay: RocksTransaction) -> None:
        self._overlay = overlay
        self._writes: SortedDict = SortedDict()

    def get(self, key: bytes) -> bytes | None:
        own = self._writes.get(key, _UNWRITTEN)
        if own is _UNWRITTEN:
            return self._overlay.get(key)
        value: bytes | None = own
        return value

    def put(self, key: bytes, value: bytes) -> None:
        self._overlay_check(key)
        self._writes[key] = bytes(value)

    def delete(self, key: bytes) -> None:
        self._overlay_check(key)
        self._writes[key] = None

    @staticmethod
    def _overlay_check(key: bytes) -> None:
        if key >= b"\xff":
            raise ValueError(
                f"Expected a state key below 0xFF, but got {key[:16]!r}: keys from 0xFF on hold "
                "the partition's log and metadata"
            )

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.scan_range(prefix, prefix_end(prefix))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        # Merge the overlay's view (itself overlay writes over RocksDB) with this transaction's
        # keys, each key once; the transaction's write or deletion, as it is when the key is
        # reached, wins.
        writes = self._writes
        below = self._overlay.scan_range(start, stop)
        own = _own_keys(writes, start, stop)
        entry, own_key = next(below, None), next(own, None)
        while entry is not None or own_key is not None:
            key: bytes
            below_value: bytes | None = None
            if own_key is None or (entry is not None and entry[0] < own_key):
                assert entry is not None
                (key, below_value), entry = entry, next(below, None)
            else:
                if entry is not None and entry[0] == own_key:
                    below_value, entry = entry[1], next(below, None)
                key, own_key = own_key, next(own, None)
            value = writes.get(key, _UNWRITTEN)
            if value is _UNWRITTEN:
                # Staged by a commit during the scan, or never written here.
                value = below_value if below_value is not None else self._overlay.get(key)
            if value is not None:
                yield key, value

    def commit(self) -> None:
        """Stages the writes into the group's overlay; nothing reaches RocksDB here."""
        overlay = self._overlay
        for key, value in self._writes.items():
            if value is None:
                overlay.delete(key)
            else:
                overlay.put(key, value)
        self._writes.clear()

    def rollback(self) -> None:
        """Drops the writes since the last commit; what earlier commands staged stays."""
        self._writes.clear()


class StagingStore:
    """The engine's store: direct reads go through the overlay, transactions stage into it.

    `overlay` is what the stream processor passes to `PartitionStore.commit`.
    """

    def __init__(self, state: RocksKeyValueStore) -> None:
        self.state = state
        self.overlay = state.begin()

    def get(self, key: bytes) -> bytes | None:
        return self.overlay.get(key)

    def put(self, key: bytes, value: bytes) -> None:
        self.overlay.put(key, value)

    def delete(self, key: bytes) -> None:
        self.overlay.delete(key)

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.overlay.scan(prefix)

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        return self.overlay.scan_range(start, stop)

    def begin(self) -> StagingTransaction:
        return StagingTransaction(self.overlay)

    def discard(self) -> None:
        """Forgets everything staged since the last durable commit."""
        self.overlay.rollback()
