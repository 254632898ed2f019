"""The frames between a node and its partition processes, over a Unix domain socket.

Each frame is a 4-byte big-endian length, then a MessagePack array whose first item says what
it is. Records travel in the log's own encoding (`RecordCodec`), so a command reaches the
partition exactly as it will be logged.

    [REQUEST,  request_id, command]            node -> partition: a command (encoded record)
    [RESPONSE, request_id, record]             partition -> node: its durable response
    [ERROR,    request_id, kind, message]      partition -> node: `kind` names the BrokerError
    [JOBS,     job_type]                       partition -> node: JobsAvailable(job_type)
    [CLOCK,    operation, epoch_ms]            node -> partition: pin / advance / reset
    [SNAPSHOT, request_id, directory]          node -> partition: take a snapshot there
    [SNAPSHOT_TAKEN, request_id, processed, last]   partition -> node: it is complete
    [CANCEL,   request_id]                     node -> partition: the sender gave up waiting
    [ROUTER]                                   node -> partition: this connection forwards sends
    [SEND,     send_id, partition_id, command] partition -> node: append to that partition
    [SENT,     send_id]                        node -> partition: it is durable there
    [APPEND,   request_id, command]            node -> partition: append (a sent command)
    [APPENDED, request_id]                     partition -> node: it is durable here

A RESPONSE may come long after its REQUEST: a creation awaiting its instance's result is
answered when the instance ends, in a later group. CANCEL (the client's timeout ended) drops
the partition's pending answer; a RESPONSE for a request nobody waits for is ignored.

Sends between partitions (`ProcessingResult.sends`) go through the node: the partition writes
SEND to the connection that said ROUTER, the node APPENDs the command to the target
partition and answers SENT once that one answered APPENDED (its group is durable). A SEND
without a SENT is sent again by the partition's outbox (`broker.processing.outbox`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import msgspec

REQUEST, RESPONSE, ERROR, JOBS, CLOCK, SNAPSHOT, SNAPSHOT_TAKEN, CANCEL = 1, 2, 3, 4, 5, 6, 7, 8
ROUTER, SEND, SENT, APPEND, APPENDED = 9, 10, 11, 12, 13

# Kinds of ERROR frames: the BrokerError subclass the node raises again.
BACKPRESSURE, UNAVAILABLE, FAILED = "backpressure", "unavailable", "failed"

_MAX_FRAME = 64 * 1024 * 1024
_encode = msgspec.msgpack.Encoder().encode
_decode = msgspec.msgpack.Decoder(list[Any]).decode


def frame(*items: Any) -> bytes:
    body = _encode(list(items))
    return len(body).to_bytes(4, "big") + body


async def read_frame(reader: asyncio.StreamReader) -> list[Any] | None:
    """The next frame's items, or None at the end of the stream."""
    try:
        header = await reader.readexactly(4)
        size = int.from_bytes(header, "big")
        if size > _MAX_FRAME:
            raise ValueError(f"Expected a frame of at most {_MAX_FRAME} bytes, but got {size}")
        return _decode(await reader.readexactly(size))
    except asyncio.IncompleteReadError:
        return None
