"""`Node`: one broker node hosting partitions 1..N of a data directory.

    node = await Node.start("data", partitions=2)
    client = node.client()            # a BrokerClient over every partition
    ...
    await node.stop()

With one partition it runs in this process, on the caller's event loop (no hop, no copy).
With N > 1 each partition runs in its own OS process (`broker.remote.server`), started with
the `spawn` method (a fresh interpreter: no RocksDB handles or event loops inherited through
fork), and the node talks to it over a Unix domain socket (`RemotePartition`). A partition
process that dies is restarted on its directory and its handle re-attached (`_supervise`).
Partition `p` keeps its database in `<data_dir>/partition-<p>`; sockets go to a private
temporary directory (socket paths are limited to about 100 bytes).

Every partition's engine knows the partition count. Commands one partition sends another
(message subscriptions, signal broadcasts: `ProcessingResult.sends`) leave the partition
process as SEND frames once their group is durable; the node appends them to the target
partition (`RemotePartition.append`) and confirms with SENT once they are durable there
(`broker.remote.wire`). Unconfirmed sends are retried by the sender's outbox.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from multiprocessing.process import BaseProcess
from pathlib import Path

from .client import BrokerClient, PartitionHandle
from .errors import PartitionUnavailable, StorageError
from .exporters.configured import ExporterConfig, build_exporters, prepare_read_models
from .exporters.jsonl import JsonLinesExporter
from .log.protocol import Snapshot
from .partition import Partition
from .processing.clock import Clock, ControlledClock
from .processing.scheduler import DEFAULT_RESEND_PERIOD_S
from .remote.client import RemotePartition
from .remote.server import PartitionConfig, serve_partition

_START_TIMEOUT_S = 60.0
_log = logging.getLogger(__name__)


def partition_directory(data_dir: str | os.PathLike[str], partition_id: int) -> Path:
    return Path(data_dir) / f"partition-{partition_id}"


class Node:
    """A started node. Construct with `Node.start`."""

    def __init__(
        self,
        handles: Sequence[PartitionHandle],
        local: Partition | None,
        processes: list[BaseProcess],
        configs: list[PartitionConfig],
        runtime_dir: Path | None,
    ) -> None:
        self.partitions = list(handles)
        self.local = local  # the in-process partition when there is exactly one
        self._processes = processes
        self._configs = configs
        self._runtime_dir = runtime_dir
        self.restarts = 0  # partition processes restarted after they died
        self._stopping = False
        self._supervisor: asyncio.Task[None] | None = None
        for handle in self.partitions:
            if isinstance(handle, RemotePartition):
                handle.route_sends(self._forward)
        if processes:
            self._supervisor = asyncio.get_running_loop().create_task(self._supervise())

    @classmethod
    async def start(
        cls,
        data_dir: str | os.PathLike[str],
        *,
        partitions: int | None = None,
        clock: Clock | None = None,
        controlled_clock: bool = False,
        jsonl_export_path: str | None = None,
        exporters: Sequence[ExporterConfig] = (),
        resend_period_s: float = DEFAULT_RESEND_PERIOD_S,
    ) -> Node:
        """Starts partitions 1..`partitions` (default: one per core). `clock` applies to an
        in-process partition; partition processes use the system clock. With
        `controlled_clock` every partition gets a `ControlledClock` that `pin_clock`,
        `advance_clock` and `reset_clock` drive (the REST `/v2/clock` endpoint).

        `exporters`: what every partition exports to (`SqlExporterConfig`,
        `KafkaExporterConfig`); each partition builds its own exporters from them, in its own
        process. SQL read models are migrated here, once, before any partition starts.

        `resend_period_s`: how often each partition re-appends the sends its engine still
        waits an acknowledgement for (`Engine.pending_sends()`)."""
        count = partitions if partitions is not None else (os.cpu_count() or 1)
        await asyncio.to_thread(prepare_read_models, exporters)
        if count == 1:
            built = build_exporters(exporters)
            if jsonl_export_path is not None:
                built.append(JsonLinesExporter(jsonl_export_path))
            if clock is None and controlled_clock:
                clock = ControlledClock()
            partition = await Partition.start(
                partition_directory(data_dir, 1),
                1,
                clock=clock,
                exporters=built,
                resend_period_s=resend_period_s,
            )
            return cls([partition], partition, [], [], None)
        runtime_dir = Path(tempfile.mkdtemp(prefix="baton-"))
        context = multiprocessing.get_context("spawn")
        processes: list[BaseProcess] = []
        configs = [
            PartitionConfig(
                data_dir=str(partition_directory(data_dir, p)),
                partition_id=p,
                socket_path=str(runtime_dir / f"p{p}.sock"),
                controlled_clock=controlled_clock,
                jsonl_export_path=jsonl_export_path,
                exporters=tuple(exporters),
                partition_count=count,
                resend_period_s=resend_period_s,
            )
            for p in range(1, count + 1)
        ]
        try:
            for config in configs:
                process = context.Process(
                    target=serve_partition,
                    args=(config,),
                    name=f"baton-partition-{config.partition_id}",
                    daemon=True,
                )
                process.start()
                processes.append(process)
            handles = [
                RemotePartition(config.partition_id, *await _connect(config, process))
                for config, process in zip(configs, processes, strict=True)
            ]
        except BaseException:
            _terminate(processes)
            shutil.rmtree(runtime_dir, ignore_errors=True)
            raise
        return cls(handles, None, processes, configs, runtime_dir)

    async def _forward(self, partition_id: int, data: bytes) -> None:
        # A partition's send (an encoded command): appended to the target partition, durable
        # there when this returns.
        handle = self.partitions[partition_id - 1]
        if not isinstance(handle, RemotePartition):
            raise PartitionUnavailable(
                f"Expected partition {partition_id} in a partition process, but it is not",
                partition_id=partition_id,
            )
        await handle.append(data)

    def client(self) -> BrokerClient:
        return BrokerClient(self.partitions)

    @property
    def pids(self) -> list[int]:
        """The partition processes' ids (empty when the partition runs in-process)."""
        return [p.pid for p in self._processes if p.pid is not None]

    async def backup(self, directory: str | os.PathLike[str]) -> list[Snapshot]:
        """A consistent copy of every partition, taken while running, in
        `<directory>/partition-<p>` (each between two of its groups; partitions are
        independent, so each copy is consistent on its own). `restore` makes a data directory
        of it."""
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        snapshots = []
        for handle in self.partitions:
            where = partition_directory(target, handle.partition_id)
            if isinstance(handle, RemotePartition):
                snapshots.append(await handle.snapshot(where))
            else:
                assert isinstance(handle, Partition)
                snapshots.append(await handle.snapshot(where))
        return snapshots

    @staticmethod
    def restore(backup: str | os.PathLike[str], data_dir: str | os.PathLike[str]) -> None:
        """Copies a `backup` into `data_dir`, which must not hold partitions yet; then start a
        node on `data_dir`."""
        source, target = Path(backup), Path(data_dir)
        partitions = sorted(source.glob("partition-*"))
        if not partitions:
            raise StorageError(f"Expected partition directories in backup {source}, found none")
        for partition in partitions:
            if (target / partition.name).exists():
                raise StorageError(
                    f"Expected no {partition.name} in {target} to restore into, but it exists"
                )
        target.mkdir(parents=True, exist_ok=True)
        for partition in partitions:
            shutil.copytree(partition, target / partition.name)

    def pin_clock(self, epoch_ms: int) -> None:
        self._clock("pin", epoch_ms)

    def advance_clock(self, ms: int) -> None:
        self._clock("advance", ms)

    def reset_clock(self) -> None:
        self._clock("reset", 0)

    def _clock(self, operation: str, value: int) -> None:
        # Only controlled clocks move: a system clock (or a process started without
        # `controlled_clock`) ignores these.
        local = None if self.local is None else self.local.processor.clock
        if isinstance(local, ControlledClock):
            if operation == "pin":
                local.pin(value)
            elif operation == "advance":
                local.advance(value)
            else:
                local.reset()
        for handle in self.partitions:
            if isinstance(handle, RemotePartition):
                handle.clock(operation, value)

    async def _supervise(self) -> None:
        # A partition process that died (kill -9, a failed fsync) is started again on its
        # data directory: it recovers like any restart, and its handle is re-attached, so
        # clients keep working with the same `BrokerClient`. Restarts of one partition back
        # off (0.1 s doubling to 10 s) so a partition that cannot start does not spin.
        backoff = [0.1] * len(self._processes)
        context = multiprocessing.get_context("spawn")
        while not self._stopping:
            await asyncio.sleep(0.05)
            for index, process in enumerate(self._processes):
                if process.is_alive() or self._stopping:
                    continue
                config = self._configs[index]
                _log.warning(
                    "partition %d's process exited with %s; restarting it",
                    config.partition_id,
                    process.exitcode,
                )
                process.join(0)
                replacement = context.Process(
                    target=serve_partition,
                    args=(config,),
                    name=f"baton-partition-{config.partition_id}",
                    daemon=True,
                )
                replacement.start()
                self._processes[index] = replacement
                try:
                    reader, writer = await _connect(config, replacement)
                except PartitionUnavailable:
                    await asyncio.sleep(backoff[index])
                    backoff[index] = min(backoff[index] * 2, 10.0)
                    continue
                handle = self.partitions[index]
                assert isinstance(handle, RemotePartition)
                await handle.attach(reader, writer)
                backoff[index] = 0.1
                self.restarts += 1

    async def stop(self) -> None:
        self._stopping = True
        if self._supervisor is not None:
            self._supervisor.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._supervisor
        if self.local is not None:
            await self.local.stop()
        for handle in self.partitions:
            if isinstance(handle, RemotePartition):
                await handle.close()
        await asyncio.to_thread(_terminate, self._processes)
        if self._runtime_dir is not None:
            shutil.rmtree(self._runtime_dir, ignore_errors=True)


async def _connect(
    config: PartitionConfig, process: BaseProcess
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    # The socket exists once the partition has recovered and is serving.
    deadline = time.monotonic() + _START_TIMEOUT_S
    while True:
        if not process.is_alive():
            raise PartitionUnavailable(
                f"Expected partition {config.partition_id}'s process to start, but it exited "
                f"with code {process.exitcode}",
                partition_id=config.partition_id,
            )
        try:
            return await asyncio.open_unix_connection(config.socket_path)
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic() > deadline:
                raise PartitionUnavailable(
                    f"Expected partition {config.partition_id} to serve within "
                    f"{_START_TIMEOUT_S:.0f}s, but it did not",
                    partition_id=config.partition_id,
                ) from None
            await asyncio.sleep(0.02)


def _terminate(processes: list[BaseProcess]) -> None:
    for process in processes:
        if process.is_alive():
            process.terminate()  # SIGTERM: the partition stops after its group in flight
    for process in processes:
        process.join(timeout=30)
        if process.is_alive():
            process.kill()
            process.join()
