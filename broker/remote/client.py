"""`RemotePartition`: a partition in another process, seen as a `PartitionHandle`.

One connection per handle; requests are pipelined (each has an id, responses come back in
any order), so concurrent sends from one node join the partition's group commits. If the
connection ends (the process died), every waiting send fails with `PartitionUnavailable`:
its command may or may not have been processed, as for any lost reply. The node restarts the
process and `attach`es the handle to the new connection, so clients keep their handle.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from engine.records import Record, RecordCodec, RecordType
from engine.records.intents import Intent
from engine.records.registry import value_type_of
from engine.records.values import RecordValue

from ..errors import Backpressure, BrokerError, PartitionUnavailable
from ..log.protocol import Snapshot
from . import wire

Forward = Callable[[int, bytes], Awaitable[None]]


class RemotePartition:
    def __init__(
        self, partition_id: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        self._partition_id = partition_id
        self._reader = reader
        self._writer = writer
        self._codec = RecordCodec()
        self._next_id = 0
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._listeners: list[Callable[[str], None]] = []
        self._forward: Forward | None = None  # where this partition's sends go (the node)
        self._forwarding: set[asyncio.Task[None]] = set()
        self._closed = False
        self._task = asyncio.get_running_loop().create_task(self._read())

    @classmethod
    async def connect(cls, partition_id: int, socket_path: str) -> RemotePartition:
        reader, writer = await asyncio.open_unix_connection(socket_path)
        return cls(partition_id, reader, writer)

    async def attach(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        """Continues over a new connection (the node restarted the partition's process).
        Sends made while it was gone failed with `PartitionUnavailable`; listeners stay."""
        old = self._task
        old.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await old
        self._writer.close()
        self._reader, self._writer = reader, writer
        self._closed = False
        self._task = asyncio.get_running_loop().create_task(self._read())
        if self._forward is not None:
            self._writer.write(wire.frame(wire.ROUTER))

    def route_sends(self, forward: Forward) -> None:
        """Makes this connection the one the partition hands its sends to:
        `await forward(partition_id, encoded_command)` must return once the command is
        durable on that partition; then the partition hears SENT."""
        self._forward = forward
        if not self._closed:
            self._writer.write(wire.frame(wire.ROUTER))

    async def append(self, data: bytes) -> None:
        """Appends an encoded command another partition sent; returns once it is durable."""
        if self._closed:
            raise self._unavailable()
        self._next_id += 1
        request_id = self._next_id
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        self._writer.write(wire.frame(wire.APPEND, request_id, data))
        try:
            await future
        finally:
            self._waiting.pop(request_id, None)

    async def _forward_send(self, send_id: int, partition_id: int, data: bytes) -> None:
        if self._forward is None:
            return
        try:
            await self._forward(partition_id, data)
        except (BrokerError, ConnectionError, OSError, ValueError, KeyError):
            return  # not appended: the partition's outbox sends it again
        if not self._closed and not self._writer.is_closing():
            self._writer.write(wire.frame(wire.SENT, send_id))

    @property
    def partition_id(self) -> int:
        return self._partition_id

    @property
    def running(self) -> bool:
        """False once the connection to the partition's process closed (it exited)."""
        return not self._closed

    def on_jobs_available(self, listener: Callable[[str], None]) -> None:
        self._listeners.append(listener)

    async def send(self, intent: Intent, value: RecordValue, key: int = -1) -> Record[Any]:
        if self._closed:
            raise self._unavailable()
        command: Record[Any] = Record(
            position=-1,
            key=key,
            timestamp=0,
            partition_id=self._partition_id,
            record_type=RecordType.COMMAND,
            value_type=value_type_of(value),
            intent=intent,
            value=value,
        )
        self._next_id += 1
        request_id = self._next_id
        future: asyncio.Future[Record[Any]] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        self._writer.write(wire.frame(wire.REQUEST, request_id, self._codec.encode(command)))
        try:
            return await future
        except asyncio.CancelledError:
            # The caller gave up (its timeout): the partition drops the pending answer.
            if not self._closed and not self._writer.is_closing():
                self._writer.write(wire.frame(wire.CANCEL, request_id))
            raise
        finally:
            self._waiting.pop(request_id, None)

    async def snapshot(self, directory: str | os.PathLike[str]) -> Snapshot:
        """Has the partition take a snapshot into `directory` (on its machine)."""
        if self._closed:
            raise self._unavailable()
        self._next_id += 1
        request_id = self._next_id
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._waiting[request_id] = future
        self._writer.write(wire.frame(wire.SNAPSHOT, request_id, str(directory)))
        try:
            processed, last = await future
        finally:
            self._waiting.pop(request_id, None)
        return Snapshot(Path(directory), processed_position=processed, last_position=last)

    def clock(self, operation: str, epoch_ms: int = 0) -> None:
        """Pins, advances or resets the partition's controlled clock (if it has one)."""
        self._writer.write(wire.frame(wire.CLOCK, operation, epoch_ms))

    async def _read(self) -> None:
        try:
            while (items := await wire.read_frame(self._reader)) is not None:
                kind = items[0]
                if kind == wire.JOBS:
                    for listener in self._listeners:
                        listener(items[1])
                    continue
                if kind == wire.SEND:
                    task = asyncio.get_running_loop().create_task(
                        self._forward_send(items[1], items[2], items[3])
                    )
                    self._forwarding.add(task)
                    task.add_done_callback(self._forwarding.discard)
                    continue
                future = self._waiting.get(items[1])
                if future is None or future.done():
                    continue
                if kind == wire.RESPONSE:
                    future.set_result(self._codec.decode(items[2]))
                elif kind == wire.APPENDED:
                    future.set_result(None)
                elif kind == wire.SNAPSHOT_TAKEN:
                    future.set_result((items[2], items[3]))
                elif kind == wire.ERROR:
                    future.set_exception(self._error(items[2], items[3]))
        except (ConnectionError, ValueError):
            pass  # treated as the end of the stream below
        finally:
            self._closed = True
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(self._unavailable())

    def _error(self, kind: str, message: str) -> BrokerError:
        if kind == wire.BACKPRESSURE:
            return Backpressure(message, partition_id=self._partition_id, limit=-1)
        if kind == wire.UNAVAILABLE:
            return PartitionUnavailable(message, partition_id=self._partition_id)
        return BrokerError(message)

    def _unavailable(self) -> PartitionUnavailable:
        return PartitionUnavailable(
            f"Expected partition {self._partition_id}'s process to answer, but its connection "
            "is closed",
            partition_id=self._partition_id,
        )

    async def close(self) -> None:
        for task in list(self._forwarding):
            task.cancel()
        self._writer.close()
        with contextlib.suppress(ConnectionError):
            await self._writer.wait_closed()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
