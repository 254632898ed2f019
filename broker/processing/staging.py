"""The engine's `KeyValueStore` for the stream processor: commits stage, the processor persists.

`Engine.process` commits its own KV transaction after every command. DESIGN invariant 3 wants
more: the records of a whole group of commands, their state changes and the processed position
in ONE fsync'd WriteBatch. So the engine gets this store, whose transactions' `commit()` only
*stages*: the writes stay in the group's overlay (a `RocksTransaction` that nobody commits on
its own), visible to every later read and scan, so the next command of the group sees what
the previous one wrote. The stream processor then hands the overlay to
`PartitionStore.commit` with the group's records: one batch, then the overlay empties.

    engine txn (one command) --commit()--> overlay (the group) --PartitionStore.commit--> RocksDB
        rollback(): undoes only the command's own writes since its last commit

A transaction writes straight into the overlay and keeps an undo log (each key's overlay
entry before the command first wrote it): reads and scans then merge just two layers
(overlay over RocksDB), `commit()` only forgets the undo log, and `rollback()` puts the
remembered entries back. A crash before the durable write loses the overlay and the group's
records together, so state never runs ahead of the log.

Pipelining: `seal()` moves the group's writes into a sealed transaction that the processor
writes in a thread, while the overlay (now reading through the sealed one, then RocksDB) takes
the next group's writes; `written(sealed)` drops the layer once the batch is durable. A
sealed group the processor abandons (a batch too large) is dropped the same way, before
anything of it was written; the processor then rebuilds its engine, whose caches may hold
staged data.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..storage.rocks import RocksKeyValueStore, RocksTransaction


class StagingTransaction:
    """One command's unit of work over the group's overlay.

    Invariant: `_undo` maps each key written since the last commit or rollback to the overlay's
    entry for it (`RocksTransaction.own`) before the first of those writes.
    """

    def __init__(self, overlay: RocksTransaction) -> None:
        self._overlay = overlay
        self._undo: dict[bytes, object] = {}
        # Bound once: these run hundreds of thousands of times a second.
        self.get = overlay.get
        self.scan = overlay.scan
        self.scan_range = overlay.scan_range

    def put(self, key: bytes, value: bytes) -> None:
        if key not in self._undo:
            self._undo[key] = self._overlay.own(key)
        self._overlay.put(key, value)

    def delete(self, key: bytes) -> None:
        if key not in self._undo:
            self._undo[key] = self._overlay.own(key)
        self._overlay.delete(key)

    def commit(self) -> None:
        """Stages the writes: they stay in the overlay; nothing reaches RocksDB here."""
        self._undo.clear()

    def rollback(self) -> None:
        """Undoes the writes since the last commit; what earlier commands staged stays."""
        restore = self._overlay.restore
        for key, own in self._undo.items():
            restore(key, own)
        self._undo.clear()


class StagingStore:
    """The engine's store: reads go through the overlay, transactions stage into it.

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

    def seal(self) -> RocksTransaction:
        """Ends the group: its staged writes move to a sealed transaction for
        `PartitionStore.prepare_commit`, which stays readable below the overlay until
        `written(sealed)`, so the next group can be processed while it is being written."""
        return self.overlay.split()

    def written(self, sealed: RocksTransaction) -> None:
        """`sealed` is durable (or abandoned): reads no longer need it."""
        if self.overlay.below is sealed:
            self.overlay.below = sealed.below

    def discard(self) -> None:
        """Forgets what the current group staged (not a sealed group being written)."""
        self.overlay.rollback()
