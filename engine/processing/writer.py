"""`RecordWriter`: the one way processors produce output.

- `event()` appends an event AND applies it at once, so the processor reads its own writes and
  replay (which runs the same appliers) rebuilds the same state;
- `command()` appends a follow-up command, which the engine processes in the same batch;
- `respond()` marks a record as the answer to the client that sent the batch's command;
- `side_effect()` records something the broker does once the batch is durable
  (`JobsAvailable("payment")` wakes long-polling workers), as data.

Positions are handed out as records are appended, from the position the caller gives the batch,
so a follow-up record's `source_record_position` is the position of the command that caused it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Any

from msgspec.structs import replace

from ..records.enums import RecordType, RejectionType, ValueType
from ..records.intents import Intent
from ..records.record import Record
from ..records.registry import value_type_of
from ..records.values import RecordValue
from ..state.appliers import EventAppliers


@dataclass(frozen=True, slots=True)
class JobsAvailable:
    """Jobs of `job_type` became activatable: wake the workers waiting for that type."""

    job_type: str


SideEffect = JobsAvailable


@dataclass(frozen=True, slots=True)
class SendCommand:
    """Append `command` (position -1) to partition `partition_id`'s log once this batch is
    durable: Zeebe's inter-partition command sender (message subscriptions between the
    instance's and the message's partition, signal broadcasts). Delivery may be lost: the
    sending side resends what is still unacknowledged (`Engine.pending_sends`), and every
    receiving processor tolerates a duplicate."""

    partition_id: int
    command: Record[Any]


class WriterError(RuntimeError):
    """A processor broke the writer's rules (a bug, handled as one)."""


class RecordWriter:
    """Collects one batch: the records, the responses and the side effects.

    Invariant: `records` is in append order and positions increase by one from the batch's
    first position; `pending` holds the follow-up commands not yet processed, oldest first.
    """

    def __init__(self, appliers: EventAppliers, partition_id: int) -> None:
        self._appliers = appliers
        self._partition_id = partition_id
        self.records: list[Record[Any]] = []
        self.responses: list[Record[Any]] = []
        self.side_effects: list[SideEffect] = []
        self.sends: list[SendCommand] = []
        # Variables the current command changed: (process instance key, scope key, name,
        # created), for re-evaluating conditional events (`bpmn/conditions.py`).
        self.changed_variables: list[tuple[int, int, str, bool]] = []
        self.pending: deque[Record[Any]] = deque()
        self.now = 0
        self._next_position = 0
        self._source_position = -1
        self._events_of_command = 0
        self._request: Record[Any] | None = None

    def start_batch(self, command: Record[Any], now: int, next_position: int) -> None:
        self.records = []
        self.responses = []
        self.side_effects = []
        self.sends = []
        self.pending = deque()
        self.now = now
        self._next_position = next_position
        self._request = command

    def start_command(self, command: Record[Any]) -> None:
        self.changed_variables = []
        self._source_position = command.position
        self._events_of_command = 0

    @property
    def events_of_command(self) -> int:
        """How many events the command being processed wrote so far."""
        return self._events_of_command

    def _append(
        self,
        record_type: RecordType,
        key: int,
        intent: Intent,
        value: RecordValue,
        value_type: ValueType | None = None,
        rejection: tuple[RejectionType, str] | None = None,
    ) -> Record[Any]:
        record: Record[Any] = Record(
            position=self._next_position,
            source_record_position=self._source_position,
            key=key,
            timestamp=self.now,
            partition_id=self._partition_id,
            record_type=record_type,
            value_type=value_type if value_type is not None else value_type_of(value),
            intent=intent,
            rejection_type=RejectionType.NULL_VAL if rejection is None else rejection[0],
            rejection_reason="" if rejection is None else rejection[1],
            value=value,
        )
        self._next_position += 1
        self.records.append(record)
        return record

    def event(self, key: int, intent: Intent, value: RecordValue) -> Record[Any]:
        record = self._append(RecordType.EVENT, key, intent, value)
        self._events_of_command += 1
        self._appliers.apply(record, observe_key=False)
        return record

    def command(self, key: int, intent: Intent, value: RecordValue) -> Record[Any]:
        record = self._append(RecordType.COMMAND, key, intent, value)
        self.pending.append(record)
        return record

    def send(self, partition_id: int, key: int, intent: Intent, value: RecordValue) -> None:
        """A command for partition `partition_id`: a follow-up in this batch when that is
        this partition, else a `SendCommand` for the broker."""
        if partition_id == self._partition_id:
            self.command(key, intent, value)
            return
        record: Record[Any] = Record(
            position=-1,
            source_record_position=self._source_position,
            key=key,
            timestamp=self.now,
            partition_id=partition_id,
            record_type=RecordType.COMMAND,
            value_type=value_type_of(value),
            intent=intent,
            value=value,
        )
        self.sends.append(SendCommand(partition_id, record))

    def reject(
        self, command: Record[Any], rejection_type: RejectionType, reason: str
    ) -> Record[Any]:
        """The rejection of `command` (the engine writes it, not processors)."""
        return self._append(
            RecordType.COMMAND_REJECTION,
            command.key,
            command.intent,
            command.value,
            command.value_type,
            (rejection_type, reason),
        )

    def respond(self, record: Record[Any]) -> None:
        """Answer the client that sent the batch's command with `record`."""
        request = self._request
        if request is None:
            return
        self.responses.append(
            replace(
                record,
                request_id=request.request_id,
                request_stream_id=request.request_stream_id,
            )
        )

    def respond_later(
        self,
        key: int,
        intent: Intent,
        value: RecordValue,
        request_id: int,
        request_stream_id: int,
    ) -> None:
        """Answer an earlier request (a creation awaiting its instance's result) with a
        record that is a response only: it is not appended to the log (position -1)."""
        self.responses.append(
            Record(
                position=-1,
                source_record_position=self._source_position,
                key=key,
                timestamp=self.now,
                partition_id=self._partition_id,
                record_type=RecordType.EVENT,
                value_type=value_type_of(value),
                intent=intent,
                request_id=request_id,
                request_stream_id=request_stream_id,
                value=value,
            )
        )

    def is_request(self, command: Record[Any]) -> bool:
        """Whether `command` is the one the batch started with (a client's, if any)."""
        return command is self._request

    def side_effect(self, effect: SideEffect) -> None:
        if effect not in self.side_effects:
            self.side_effects.append(effect)
