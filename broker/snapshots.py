"""Snapshots of a running partition: on demand, on a period, and backups of a whole node.

A snapshot is a RocksDB checkpoint of the partition's database (state, processed position and
log), taken between two groups with nothing in flight (`StreamProcessor.exclusive`), so it is
exactly the durable state at its `processed_position`. Files are hard-linked where the
filesystem allows, so a snapshot costs little time and space. Restoring is opening the
directory as the partition's database (`PartitionStore.open`, `Partition.start`).

`SnapshotTask` takes one every `period_s` into `<root>/<processed position, 20 digits>` when
anything was processed since the last, keeps the newest `keep`, and, with `compact`, compacts
the log below the oldest kept snapshot's processed position (never past an exporter's
acknowledged position: the log enforces that floor). Compaction is off by default: replaying
the whole log (`broker.rebuild.compare_with_replay`) needs it from position 1, and rebuilding
from a snapshot plus the log's tail is not built yet.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import BrokerError
from .log.protocol import Snapshot

if TYPE_CHECKING:
    from .partition import Partition

_log = logging.getLogger(__name__)


def snapshot_directories(root: Path) -> list[Path]:
    """The snapshots under `root`, oldest first (names are zero-padded positions)."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and p.name.isdigit())


class SnapshotTask:
    def __init__(
        self,
        partition: Partition,
        root: Path,
        *,
        period_s: float,
        keep: int = 2,
        compact: bool = False,
    ) -> None:
        if keep < 1:
            raise ValueError(f"Expected to keep at least one snapshot, but got {keep}")
        self._partition = partition
        self.root = root
        self._period = period_s
        self._keep = keep
        self._compact = compact
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def take(self) -> Snapshot | None:
        """One round: a snapshot if anything was processed since the last, retention and
        compaction. Returns the new snapshot, if one was taken."""
        existing = snapshot_directories(self.root)
        processed = self._partition.store.processed_position
        if processed == 0 or (existing and int(existing[-1].name) >= processed):
            return None
        self.root.mkdir(parents=True, exist_ok=True)
        async with self._partition.processor.exclusive():
            processed = self._partition.store.processed_position
            snapshot = self._partition.store.snapshot(self.root / f"{processed:020d}")
        kept = snapshot_directories(self.root)
        for old in kept[: -self._keep]:
            shutil.rmtree(old, ignore_errors=True)
        if self._compact:
            oldest = int(snapshot_directories(self.root)[0].name)
            self._partition.compact(oldest + 1)
        return snapshot

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._period)
            try:
                await self.take()
            except BrokerError:  # a failed snapshot is retried next period; processing goes on
                _log.warning(
                    "snapshot of partition %d failed", self._partition.partition_id, exc_info=True
                )
