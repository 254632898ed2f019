"""`Partition`: one running partition: its store, stream processor, scheduler and exporters.

    partition = await Partition.start(path, partition_id, clock=clock, exporters=[...])
    response = await partition.send(JobIntent.COMPLETE, JobRecordValue(), key=job_key)
    await partition.stop()

Restart after kill -9 is `Partition.start` on the same directory: the store reopens at its last
durable group, the processor handles any unprocessed commands in the log, the scheduler fires
what fell due while the partition was down, and each exporter resumes after its acknowledged
position. Everything runs on the caller's event loop; only fsyncs go to threads.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from engine.records import Record
from engine.records.intents import Intent
from engine.records.values import RecordValue

from .exporters.director import ExporterDirector
from .exporters.protocol import Exporter
from .log.protocol import Snapshot
from .partition_store import PartitionStore
from .processing.clock import Clock, SystemClock
from .processing.outbox import Deliver
from .processing.processor import DEFAULT_MAX_GROUP, DEFAULT_QUEUE_LIMIT, StreamProcessor
from .processing.scheduler import DEFAULT_PERIOD_S, DEFAULT_RESEND_PERIOD_S, Scheduler
from .snapshots import SnapshotTask


class Partition:
    """A started partition. Construct with `Partition.start`."""

    def __init__(
        self,
        store: PartitionStore,
        processor: StreamProcessor,
        scheduler: Scheduler,
        directors: list[ExporterDirector],
    ) -> None:
        self.store = store
        self.processor = processor
        self.scheduler = scheduler
        self.directors = directors
        self.snapshots: SnapshotTask | None = None

    @classmethod
    async def start(
        cls,
        path: str | os.PathLike[str],
        partition_id: int,
        *,
        clock: Clock | None = None,
        exporters: Sequence[Exporter] = (),
        max_group: int = DEFAULT_MAX_GROUP,
        queue_limit: int = DEFAULT_QUEUE_LIMIT,
        scheduler_period_s: float = DEFAULT_PERIOD_S,
        exporter_batch_size: int = 500,
        exporter_min_backoff_s: float = 0.05,
        max_batch_bytes: int | None = None,
        snapshot_dir: str | os.PathLike[str] | None = None,
        snapshot_period_s: float = 300.0,
        keep_snapshots: int = 2,
        compact_on_snapshot: bool = False,
        partition_count: int = 1,
        deliver: Deliver | None = None,
        resend_period_s: float = DEFAULT_RESEND_PERIOD_S,
        send_retry_s: float = 0.2,
    ) -> Partition:
        """Opens (or creates) the partition's database at `path` and starts everything; with
        `snapshot_dir`, snapshots are taken there every `snapshot_period_s` (see
        `broker.snapshots`).

        `partition_count`: the cluster's partitions (the engine routes message subscriptions
        and signal broadcasts by it). `deliver(partition_id, command)`: appends a command this
        partition sends to another partition's log, returning once it is durable there
        (`broker.processing.outbox`); sends to this partition itself go to its own intake."""
        store = (
            PartitionStore.open(path, partition_id)
            if max_batch_bytes is None
            else PartitionStore.open(path, partition_id, max_batch_bytes=max_batch_bytes)
        )
        try:
            processor = StreamProcessor(
                store,
                clock=clock if clock is not None else SystemClock(),
                max_group=max_group,
                queue_limit=queue_limit,
                partition_count=partition_count,
                deliver=deliver,
                send_retry_s=send_retry_s,
            )
            scheduler = Scheduler(
                processor, period_s=scheduler_period_s, resend_period_s=resend_period_s
            )
            partition = cls(store, processor, scheduler, [])
            for exporter in exporters:
                director = ExporterDirector(
                    store,
                    exporter,
                    batch_size=exporter_batch_size,
                    min_backoff_s=exporter_min_backoff_s,
                    on_acknowledged=partition._exported,
                )
                partition.directors.append(director)
                processor.on_commit(director.notify)
            await processor.start()
            await partition.scheduler.start()
            for director in partition.directors:
                await director.start()
            if snapshot_dir is not None:
                partition.snapshots = SnapshotTask(
                    partition,
                    Path(snapshot_dir),
                    period_s=snapshot_period_s,
                    keep=keep_snapshots,
                    compact=compact_on_snapshot,
                )
                partition.snapshots.start()
        except BaseException:
            store.close()
            raise
        return partition

    @property
    def partition_id(self) -> int:
        return self.store.partition_id

    @property
    def running(self) -> bool:
        """False once the partition stopped or failed (`processor.failure` says why)."""
        return self.processor.running

    def submit(
        self, intent: Intent, value: RecordValue, key: int = -1
    ) -> asyncio.Future[Record[Any]]:
        """See `StreamProcessor.submit` (raises `Backpressure` at once when full)."""
        return self.processor.submit(intent, value, key)

    async def send(self, intent: Intent, value: RecordValue, key: int = -1) -> Record[Any]:
        """Submits a command and waits for its durable response."""
        return await self.processor.submit(intent, value, key)

    def on_jobs_available(self, listener: Callable[[str], None]) -> None:
        self.processor.on_jobs_available(listener)

    # Snapshots, exporters and compaction.

    async def snapshot(self, directory: str | os.PathLike[str]) -> Snapshot:
        """A consistent copy of the partition (state, processed position, log) in the new
        directory `directory`, taken between two groups; the partition keeps running."""
        async with self.processor.exclusive():
            return self.store.snapshot(directory)

    def _exported(self) -> None:
        # The floor of compaction is the slowest exporter's acknowledged position.
        floor = min(director.acknowledged for director in self.directors)
        self.store.log.acknowledge_exported(min(floor, self.store.log.last_position))

    def compact(self, up_to_position: int) -> int:
        """Deletes log records below `up_to_position`, never past a record an exporter has
        not acknowledged nor an unprocessed command; returns the new first position. With no
        exporters configured, nothing holds the floor back but the processed position.
        (Snapshots that would make compaction safe for `rebuild-state` are not built yet: the
        caller decides.)"""
        log = self.store.log
        if not self.directors:
            log.acknowledge_exported(self.store.processed_position)
        return log.compact(up_to_position)

    async def stop(self) -> None:
        """Stops the scheduler, the processor (after its group in flight), the exporters, and
        closes the store."""
        if self.snapshots is not None:
            await self.snapshots.stop()
        await self.scheduler.stop()
        await self.processor.stop()
        for director in self.directors:
            await director.stop()
        self.store.close()
