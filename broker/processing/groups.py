"""The stream processor's units of work: a submitted command, a processed group, a group being
written; running one command with its left-over follow-ups; the records that refuse a command
too large for the log."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from msgspec.structs import replace

from engine import Engine, JobsAvailable, Record, RecordType, RejectionType, SendCommand

from ..errors import BatchTooLarge
from ..partition_store import PendingCommit
from ..storage.rocks import RocksTransaction

Response = Record[Any]


@dataclass(slots=True)
class Submission:
    command: Record[Any]  # position -1 until processed; request_id set for clients
    future: asyncio.Future[Response] | None  # None: nobody waits (the scheduler's)
    # Called once the group holding the command is durable (a command another partition
    # sent: its sender retries until told it is appended).
    on_durable: Callable[[], None] | None = None


@dataclass(slots=True)
class Group:
    """A processed group: its commands, the records they caused, the answers and effects.

    Invariant: `records` is in log order with contiguous positions, each command followed by
    what it caused; `responses` maps a request id to its answer: a command of this group's,
    or an earlier group's request still awaiting its result (a late response)."""

    submissions: list[Submission]
    records: list[Record[Any]] = field(default_factory=list)
    responses: dict[int, Response] = field(default_factory=dict)
    effects: list[JobsAvailable] = field(default_factory=list)
    sends: list[SendCommand] = field(default_factory=list)  # for other partitions, once durable


@dataclass(frozen=True, slots=True)
class InFlight:
    """A group whose WriteBatch is being written in the commit thread."""

    group: Group
    pending: PendingCommit
    sealed: RocksTransaction
    future: asyncio.Future[None]


def run_command(
    engine: Engine,
    command: Record[Any],
    now: int,
    next_position: int,
    records: list[Record[Any]],
    effects: list[JobsAvailable],
    sends: list[SendCommand] | None = None,
) -> tuple[int, tuple[Response, ...]]:
    """Processes `command` (already in `records`) and any follow-up commands the engine left
    over, appending their records; returns the next free position and every response they
    produced: to `command`'s client, and late ones to earlier clients (position -1, with the
    earlier request's ids)."""
    result = engine.process(command, now, next_position)
    records.extend(result.records)
    effects.extend(result.side_effects)
    if sends is not None:
        sends.extend(result.sends)
    next_position += len(result.records)
    # Left-over follow-up commands are already in `records`: process them in this group, so
    # that the group's processed position (its last record) is true for them too.
    # Their responses are late answers to earlier requests (a creation awaiting its
    # instance's result, which a follow-up here completed): kept, after the command's own.
    responses = list(result.responses)
    left = deque(result.unprocessed)
    while left:
        more = engine.process(left.popleft(), now, next_position)
        records.extend(more.records)
        effects.extend(more.side_effects)
        if sends is not None:
            sends.extend(more.sends)
        responses.extend(more.responses)
        next_position += len(more.records)
        left.extend(more.unprocessed)
    return next_position, tuple(responses)


def too_large_records(
    command: Record[Any], position: int, now: int, error: BatchTooLarge
) -> list[Record[Any]]:
    """The command (without its value, which may be what is too large) at `position` and its
    EXCEEDED_BATCH_RECORD_SIZE rejection after it: the log shows it was refused."""
    empty = type(command.value)()
    logged = replace(command, position=position, timestamp=now, value=empty)
    reason = (
        f"Expected to process command '{command.value_type.name} {command.intent.name}' "
        f"within the batch limit of {error.limit} bytes, but its records encode to "
        f"{error.size} bytes"
    )
    rejection: Record[Any] = replace(
        logged,
        position=position + 1,
        source_record_position=position,
        record_type=RecordType.COMMAND_REJECTION,
        rejection_type=RejectionType.EXCEEDED_BATCH_RECORD_SIZE,
        rejection_reason=reason,
    )
    return [logged, rejection]
