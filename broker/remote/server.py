"""A partition in its own OS process, serving commands over a Unix domain socket.

`serve_partition(config)` is the process's entry point (spawned by `broker.node.Node`): it
starts the `Partition` on its own event loop, listens on `config.socket_path`, and for each
REQUEST frame submits the command and writes the RESPONSE once it is durable. Requests of one
connection are handled concurrently, so they join the same group commits. JobsAvailable goes
to every connection as a JOBS frame. SIGTERM stops the partition cleanly; SIGKILL is what the
storage is built for.

Why processes and sockets: the GIL lets one process use one core, and a partition is one
single-threaded state machine, so N partitions in N processes keep N cores busy. A Unix socket
with length-prefixed frames needs nothing beyond asyncio, lets any number of clients connect
(a gateway process, tests), and dies with the process, so a client sees a dead partition as
end-of-stream at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.records import Record, RecordCodec

from ..errors import Backpressure, BrokerError, PartitionUnavailable
from ..exporters.configured import ExporterConfig, build_exporters
from ..exporters.jsonl import JsonLinesExporter
from ..exporters.protocol import Exporter
from ..partition import Partition
from ..processing.clock import ControlledClock
from . import wire


@dataclass(frozen=True, slots=True)
class PartitionConfig:
    """What a partition process needs (picklable: it crosses the process boundary)."""

    data_dir: str
    partition_id: int
    socket_path: str
    controlled_clock: bool = False
    jsonl_export_path: str | None = None
    exporters: tuple[ExporterConfig, ...] = ()  # built in the partition's process
    max_group: int = 256
    queue_limit: int = 10_000
    partition_count: int = 1
    resend_period_s: float = 10.0
    send_retry_s: float = 0.2


class _Router:
    """Hands this partition's sends to the node (the connection that said ROUTER) and waits
    for SENT: the `deliver` of the partition's outbox."""

    def __init__(self) -> None:
        self.codec = RecordCodec()
        self.writer: asyncio.StreamWriter | None = None
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[None]] = {}

    async def deliver(self, partition_id: int, command: Record[Any]) -> None:
        writer = self.writer
        if writer is None or writer.is_closing():
            raise PartitionUnavailable(
                f"Expected a node connected to forward a send to partition {partition_id}, "
                "but none is",
                partition_id=partition_id,
            )
        self._next_id += 1
        send_id = self._next_id
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting[send_id] = future
        writer.write(wire.frame(wire.SEND, send_id, partition_id, self.codec.encode(command)))
        try:
            await future
        finally:
            self._waiting.pop(send_id, None)

    def sent(self, send_id: int) -> None:
        future = self._waiting.get(send_id)
        if future is not None and not future.done():
            future.set_result(None)

    def disconnected(self, writer: asyncio.StreamWriter) -> None:
        if writer is not self.writer:
            return
        self.writer = None
        for future in self._waiting.values():
            if not future.done():
                future.set_exception(ConnectionError("the node's connection closed"))


class _Server:
    def __init__(
        self, partition: Partition, clock: ControlledClock | None, router: _Router
    ) -> None:
        self.partition = partition
        self.clock = clock
        self.router = router
        self.codec = RecordCodec()
        self.writers: set[asyncio.StreamWriter] = set()
        partition.on_jobs_available(self._jobs_available)

    def _jobs_available(self, job_type: str) -> None:
        data = wire.frame(wire.JOBS, job_type)
        for writer in list(self.writers):
            writer.write(data)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.add(writer)
        tasks: set[asyncio.Task[None]] = set()
        # This connection's requests still unanswered, by its request id (for CANCEL).
        requests: dict[int, asyncio.Task[None]] = {}
        try:
            while (items := await wire.read_frame(reader)) is not None:
                if items[0] == wire.REQUEST:
                    request_id = items[1]
                    task = asyncio.create_task(self._request(writer, request_id, items[2]))
                    requests[request_id] = task
                    task.add_done_callback(_forget(requests, request_id))
                elif items[0] == wire.CANCEL:
                    # Cancelling the wait cancels the processor's future, which drops a
                    # pending late answer; the command itself is processed regardless.
                    cancelled = requests.get(items[1])
                    if cancelled is not None:
                        cancelled.cancel()
                elif items[0] == wire.ROUTER:
                    self.router.writer = writer
                elif items[0] == wire.SENT:
                    self.router.sent(items[1])
                elif items[0] == wire.APPEND:
                    self._append(writer, items[1], items[2])
                elif items[0] == wire.CLOCK:
                    self._clock(items[1], items[2])
                elif items[0] == wire.SNAPSHOT:
                    task = asyncio.create_task(self._snapshot(writer, items[1], items[2]))
                    tasks.add(task)
                    task.add_done_callback(tasks.discard)
        finally:
            self.writers.discard(writer)
            self.router.disconnected(writer)
            writer.close()
            # Nobody can read these answers any more: stop waiting for them.
            for task in list(requests.values()):
                task.cancel()

    async def _request(self, writer: asyncio.StreamWriter, request_id: int, data: bytes) -> None:
        try:
            command = self.codec.decode(data)
            future = self.partition.processor.submit_record(command)
            response = await future
        except Backpressure as error:
            reply = wire.frame(wire.ERROR, request_id, wire.BACKPRESSURE, str(error))
        except PartitionUnavailable as error:
            reply = wire.frame(wire.ERROR, request_id, wire.UNAVAILABLE, str(error))
        except BrokerError as error:
            reply = wire.frame(wire.ERROR, request_id, wire.FAILED, str(error))
        else:
            reply = wire.frame(wire.RESPONSE, request_id, self.codec.encode(response))
        if not writer.is_closing():
            writer.write(reply)

    def _append(self, writer: asyncio.StreamWriter, request_id: int, data: bytes) -> None:
        # A command another partition sent: appended as an internal command (no backpressure,
        # no response), APPENDED once its group is durable. Not at all if this partition
        # stops first: the sender times out and sends it again.
        def appended() -> None:
            if not writer.is_closing():
                writer.write(wire.frame(wire.APPENDED, request_id))

        self.partition.processor.submit_internal([self.codec.decode(data)], appended)

    async def _snapshot(self, writer: asyncio.StreamWriter, request_id: int, path: str) -> None:
        try:
            snapshot = await self.partition.snapshot(path)
        except BrokerError as error:
            reply = wire.frame(wire.ERROR, request_id, wire.FAILED, str(error))
        else:
            reply = wire.frame(
                wire.SNAPSHOT_TAKEN,
                request_id,
                snapshot.processed_position,
                snapshot.last_position,
            )
        if not writer.is_closing():
            writer.write(reply)

    def _clock(self, operation: str, epoch_ms: int) -> None:
        if self.clock is None:
            return
        if operation == "pin":
            self.clock.pin(epoch_ms)
        elif operation == "advance":
            self.clock.advance(epoch_ms)
        else:
            self.clock.reset()


def _forget(
    requests: dict[int, asyncio.Task[None]], request_id: int
) -> Callable[[asyncio.Task[None]], None]:
    def forget(_task: asyncio.Task[None]) -> None:
        requests.pop(request_id, None)

    return forget


async def _serve(config: PartitionConfig) -> None:
    clock = ControlledClock() if config.controlled_clock else None
    exporters: list[Exporter] = build_exporters(config.exporters)
    if config.jsonl_export_path is not None:
        exporters.append(JsonLinesExporter(config.jsonl_export_path))
    router = _Router()
    partition = await Partition.start(
        Path(config.data_dir),
        config.partition_id,
        clock=clock,
        exporters=exporters,
        max_group=config.max_group,
        queue_limit=config.queue_limit,
        partition_count=config.partition_count,
        deliver=router.deliver,
        resend_period_s=config.resend_period_s,
        send_retry_s=config.send_retry_s,
    )
    server = _Server(partition, clock, router)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    socket_path = Path(config.socket_path)
    with contextlib.suppress(FileNotFoundError):
        socket_path.unlink()
    listener = await asyncio.start_unix_server(server.handle, path=str(socket_path))
    try:
        await stop.wait()
    finally:
        listener.close()
        await partition.stop()


def serve_partition(config: PartitionConfig) -> None:
    """The entry point of a partition process; returns when SIGTERM stopped it."""
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(_serve(config))
