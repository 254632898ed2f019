"""The exporter framework: one director per (partition, exporter) feeds the committed log to it.

A director reads the partition's log from the position after the exporter's acknowledged one,
in batches of at most `batch_size` records, calls `Exporter.export(batch)`, and when it returns
stores the batch's last position as acknowledged: a synced write under `FF 03` + the exporter's
id in the partition's own database (`broker/storage/layout.py`). Then the next batch.

Invariants (the `Exporter` protocol's promises):

- Never skipped, in order: a batch whose `export` raised is offered again, whole, after an
  exponential backoff (`min_backoff_s`, doubling, capped at `max_backoff_s`); the acknowledged
  position moves only after `export` returned.
- Resumes: after a restart the director starts after the stored position, so a batch exported
  but not yet acknowledged when the broker died is offered again (at-least-once; receivers
  deduplicate by partition id + position).
- Only committed records: the director reads up to the log's last position, which moves only
  after a group's WriteBatch is durable.
- The compaction floor: `on_acknowledged` tells the partition, which passes the minimum over
  its exporters to `PartitionLog.acknowledge_exported`; the log never compacts past it.

Directors run on the partition's event loop; reads from RocksDB are safe beside the stream
processor's commit thread (RocksDB is thread-safe; positions only move on the loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from itertools import islice
from typing import Any

from engine.records import Record

from ..partition_store import PartitionStore
from ..storage.layout import exporter_key, from_u64, u64
from .protocol import Exporter

_log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500


def stored_position(store: PartitionStore, exporter_id: str) -> int:
    """The position exporter `exporter_id` acknowledged on this partition (0: none)."""
    value = store.db.get(exporter_key(exporter_id))
    return 0 if value is None else from_u64(value)


class ExporterDirector:
    """Exports one partition's committed records to one exporter. `notify(last_position)`
    (the stream processor's commit listener) wakes it."""

    def __init__(
        self,
        store: PartitionStore,
        exporter: Exporter,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        min_backoff_s: float = 0.05,
        max_backoff_s: float = 5.0,
        on_acknowledged: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.exporter = exporter
        self.batch_size = batch_size
        self.min_backoff_s = min_backoff_s
        self.max_backoff_s = max_backoff_s
        self._on_acknowledged = on_acknowledged
        # Invariant: every record up to `acknowledged` was exported and that is stored.
        self.acknowledged = stored_position(store, exporter.id)
        self.failures = 0  # export or open attempts that raised, for tests and metrics
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._opened = False

    async def start(self) -> None:
        if self._task is None:
            self._wake.set()
            self._task = asyncio.get_running_loop().create_task(
                self._run(), name=f"exporter-{self.exporter.id}-{self.store.partition_id}"
            )

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._opened:
            self._opened = False
            await self.exporter.close()

    def notify(self, last_position: int) -> None:
        if last_position > self.acknowledged:
            self._wake.set()

    async def wait_acknowledged(self, position: int, timeout_s: float = 10.0) -> None:
        """Waits until everything up to `position` is acknowledged (tests, shutdown)."""
        async with asyncio.timeout(timeout_s):
            while self.acknowledged < position:
                await asyncio.sleep(0.005)

    async def _run(self) -> None:
        await self._retry(self._open)
        while True:
            await self._wake.wait()
            self._wake.clear()
            while self.acknowledged < self.store.log.last_position:
                batch = self._read_batch()
                await self._retry(self._export_call(batch))
                await self._acknowledge(batch[-1].position)

    def _export_call(self, batch: list[Record[Any]]) -> Callable[[], Any]:
        return lambda: self.exporter.export(batch)

    async def _open(self) -> None:
        await self.exporter.open(self.store.partition_id)
        self._opened = True

    def _read_batch(self) -> list[Record[Any]]:
        records = self.store.log.read(self.acknowledged + 1)
        try:
            return list(islice(records, self.batch_size))
        finally:
            close = getattr(records, "close", None)  # a generator: drop the RocksDB iterator
            if close is not None:
                close()

    async def _retry(self, attempt: Callable[[], Any]) -> None:
        backoff = self.min_backoff_s
        while True:
            try:
                await attempt()
                return
            except asyncio.CancelledError:
                raise
            except Exception:  # an exporter may fail in any way: retry, never skip
                self.failures += 1
                _log.warning(
                    "exporter %s on partition %d failed; retrying in %.2fs",
                    self.exporter.id,
                    self.store.partition_id,
                    backoff,
                    exc_info=True,
                )
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, self.max_backoff_s)

    async def _acknowledge(self, position: int) -> None:
        db = self.store.db
        batch = db.batch()
        batch.put(exporter_key(self.exporter.id), u64(position))
        # fsync'd off the loop: the acknowledged position survives a power cut too.
        await asyncio.to_thread(db.write, batch, sync=True)
        self.acknowledged = position
        if self._on_acknowledged is not None:
            self._on_acknowledged()
