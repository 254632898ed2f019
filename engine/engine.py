"""`Engine`: processes one command at a time over one partition's state.

Processing model (Zeebe's, with its batch processing of follow-up commands):

1. `process(command, now_ms, next_position)` opens the state transaction and runs the
   command's processor, which writes through the `RecordWriter`.
2. Follow-up commands the processors write (ACTIVATE_ELEMENT, COMPLETE_ELEMENT, ...) are
   processed in the same call, oldest first, until none remain or `max_commands_per_batch` is
   reached; the rest are returned in `ProcessingResult.unprocessed` for the caller to append
   as ordinary commands. Every other command in `records` was processed in this batch: the
   broker marks them so (Zeebe's "processed" flag) and never processes them again.
3. A `Rejection` writes a COMMAND_REJECTION for that command (its events: none, by rule).
4. The transaction commits; `records` get positions `next_position`, `next_position + 1`, ...

Any other exception is a bug: the whole batch is rolled back, and the engine writes a
PROCESSING_ERROR rejection of the command plus an ERROR event that bans its process instance
(`ErrorRecordValue` carries the exception and its traceback). Commands about a banned instance
are rejected from then on. Processing always continues with the next command.

`replay(events)` applies EVENT records with the same appliers, skipping commands and
rejections: the state it builds equals the live state.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .keys import partition_of
from .processing.bpmn import build_element_commands
from .processing.bpmn.behaviours import Behaviours
from .processing.context import ProcessingContext, Processor, ProcessorTable
from .processing.deployment import PROCESSORS as DEPLOYMENT
from .processing.deployment.models import ExecutableModels
from .processing.errors import Rejection
from .processing.incident import PROCESSORS as INCIDENT
from .processing.job import PROCESSORS as JOB
from .processing.message import PROCESSORS as MESSAGE
from .processing.process_instance import PROCESSORS as PROCESS_INSTANCE
from .processing.signal import PROCESSORS as SIGNAL
from .processing.timer import PROCESSORS as TIMER
from .processing.user_task import PROCESSORS as USER_TASK
from .processing.variable import PROCESSORS as VARIABLE
from .processing.writer import RecordWriter, SendCommand, SideEffect, WriterError
from .records.enums import RecordType, RejectionType, ValueType
from .records.intents import (
    ErrorIntent,
    Intent,
    JobIntent,
    MessageIntent,
    MessageSubscriptionIntent,
    ProcessMessageSubscriptionIntent,
    TimerIntent,
)
from .records.record import Record
from .records.registry import value_type_of
from .records.values import (
    ErrorRecordValue,
    JobRecordValue,
    MessageRecordValue,
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
    RecordValue,
    TimerRecordValue,
)
from .state.appliers import EventAppliers
from .state.decisions import Decisions
from .state.engine_state import EngineState
from .state.kv import KeyValueStore
from .state.processes import Processes

_TABLES: tuple[ProcessorTable, ...] = (
    DEPLOYMENT,
    PROCESS_INSTANCE,
    JOB,
    INCIDENT,
    VARIABLE,
    USER_TASK,
    TIMER,
    MESSAGE,
    SIGNAL,
)


def merge_processors(tables: Iterable[ProcessorTable]) -> dict[Any, Any]:
    merged: dict[Any, Any] = {}
    for table in tables:
        for intent, factory in table.items():
            if intent in merged:
                raise ValueError(f"Expected one processor for {intent}, but found two")
            merged[intent] = factory
    return merged


@dataclass(frozen=True, slots=True)
class ProcessingResult:
    """What one `process` call produced, in log order.

    `records`: every record to append (events, follow-up commands, rejections), positions
    assigned. `responses`: records to send to the requesting client (with its request ids).
    `side_effects`: what the broker does once the records are durable. `unprocessed`:
    follow-up commands left for later batches (a subset of `records`). `sends`: commands for
    other partitions, appended to their logs once the records are durable (see
    docs/engine.md, "For the broker").
    """

    records: tuple[Record[Any], ...]
    responses: tuple[Record[Any], ...]
    side_effects: tuple[SideEffect, ...]
    unprocessed: tuple[Record[Any], ...] = ()
    sends: tuple[SendCommand, ...] = ()


class Engine:
    """The deterministic state machine of one partition. Not thread-safe: one caller.

    `partition_count`: how many partitions the cluster has, so a message subscription is
    opened on the partition its correlation key hashes to (`subscription_partition`); None
    (a single-partition setup) keeps every message on this partition."""

    def __init__(
        self,
        store: KeyValueStore,
        partition_id: int = 1,
        *,
        max_commands_per_batch: int = 10_000,
        partition_count: int | None = None,
    ) -> None:
        self._store = store
        self._partition_id = partition_id
        self._max_commands = max_commands_per_batch
        self._txn = store.begin()  # reusable: commit and rollback leave it empty
        # The model cache reads deployed resources through its own stores over the same
        # transaction; the state's appliers ask it about flows (it is their FlowGraph).
        self._models = ExecutableModels(Processes(self._txn), Decisions(self._txn))
        state = EngineState(self._txn, partition_id, graph=self._models)
        self._state = state
        self._appliers = EventAppliers(state)
        self._writer = RecordWriter(self._appliers, partition_id)
        views = state.views()
        behaviours = Behaviours.build(
            views, state.keys, self._models, partition_id, partition_count
        )
        self._context = ProcessingContext(
            state=views,
            keys=state.keys,
            models=self._models,
            behaviours=behaviours,
            elements=build_element_commands(behaviours),
        )
        self._processors: dict[Any, Processor] = {
            intent: factory(self._context) for intent, factory in merge_processors(_TABLES).items()
        }

    @property
    def state(self) -> EngineState:
        """The live state (tests and the broker's queries read it; only appliers write)."""
        return self._state

    def process(
        self, command: Record[Any], now_ms: int, next_position: int | None = None
    ) -> ProcessingResult:
        """Process `command` and its follow-up commands as one batch (see module docstring)."""
        if next_position is None:
            next_position = command.position + 1
        writer = self._writer
        writer.start_batch(command, now_ms, next_position)
        try:
            unprocessed = self._run_batch(command, writer)
            self._commit()
            self._models.commit()
            self._context.behaviours.awaiting.commit()
        except Exception as error:  # the engine's one broad catch: a bug costs one instance
            self._txn.rollback()
            self._state.forget_cached()
            self._models.rollback()
            self._context.behaviours.awaiting.rollback()
            return self._processing_error(command, now_ms, next_position, error)
        return ProcessingResult(
            tuple(writer.records),
            tuple(writer.responses),
            tuple(writer.side_effects),
            unprocessed,
            tuple(writer.sends),
        )

    def _commit(self) -> None:
        self._state.flush()
        self._txn.commit()
        self._state.forget_cached()

    def _run_batch(self, command: Record[Any], writer: RecordWriter) -> tuple[Record[Any], ...]:
        # The writer's `pending` is the batch's queue of follow-up commands, oldest first, so
        # processors see every token still in flight (the inclusive join needs to).
        pending = writer.pending
        current: Record[Any] | None = command
        processed = 0
        while current is not None:
            processed += 1
            writer.start_command(current)
            self._process_one(current, writer)
            if processed >= self._max_commands and pending:
                left = tuple(pending)
                pending.clear()
                return left
            current = pending.popleft() if pending else None
        return ()

    def _process_one(self, command: Record[Any], writer: RecordWriter) -> None:
        try:
            if command.record_type is not RecordType.COMMAND:
                raise Rejection(
                    RejectionType.INVALID_ARGUMENT,
                    f"Expected a command, but got a record of type {command.record_type.name}",
                )
            processor = self._processors.get(command.intent)
            if processor is None:
                raise Rejection(
                    RejectionType.INVALID_ARGUMENT,
                    f"Expected a command Baton processes, but {command.value_type.name} "
                    f"{command.intent.name} is not one (yet)",
                )
            # Only the batch's own command can be about a banned instance: its follow-ups
            # are about the same instances, which a batch never bans.
            instance_key = self._instance_of(command) if writer.is_request(command) else -1
            if self._state.process_instances.is_banned(instance_key):
                raise Rejection(
                    RejectionType.INVALID_STATE,
                    f"Expected process instance '{instance_key}' to be processable, but it was "
                    f"banned after an engine error",
                )
            processor.process(command, writer)
            if writer.changed_variables:
                # Variables changed: conditional events may now hold (bpmn/conditions.py).
                self._context.lifecycle.conditions.variables_changed(writer)
        except Rejection as rejection:
            if writer.events_of_command:
                raise WriterError(
                    f"Expected {command.intent.name} to be rejected before its first event, "
                    f"but it was rejected after {writer.events_of_command}: {rejection.reason}"
                ) from rejection
            record = writer.reject(command, rejection.rejection_type, rejection.reason)
            if writer.is_request(command):
                writer.respond(record)

    def _instance_of(self, command: Record[Any]) -> int:
        """The process instance a command is about (-1: none), for the ban check."""
        value = command.value
        key = getattr(value, "process_instance_key", -1)
        if key > 0:
            return int(key)
        state = self._state
        if command.value_type is ValueType.JOB:
            job = state.jobs.get(command.key)
            return -1 if job is None else job.process_instance_key
        if command.value_type is ValueType.USER_TASK:
            stored = state.user_tasks.get(command.key)
            return -1 if stored is None else stored.task.process_instance_key
        if command.value_type is ValueType.INCIDENT:
            incident = state.incidents.get(command.key)
            return -1 if incident is None else incident.process_instance_key
        if command.value_type is ValueType.VARIABLE_DOCUMENT:
            instance = state.element_instances.get(value.scope_key)
            return -1 if instance is None else instance.value.process_instance_key
        if command.value_type is ValueType.PROCESS_INSTANCE:
            instance = state.element_instances.get(command.key)
            return -1 if instance is None else instance.value.process_instance_key
        return -1

    def _processing_error(
        self, command: Record[Any], now_ms: int, next_position: int, error: Exception
    ) -> ProcessingResult:
        writer = self._writer
        writer.start_batch(command, now_ms, next_position)
        writer.start_command(command)
        instance_key = self._instance_of(command)
        rejection = writer.reject(
            command,
            RejectionType.PROCESSING_ERROR,
            f"Expected to process record '{command.value_type.name} {command.intent.name}' "
            f"without errors, but exception occurred with message '{error}'",
        )
        writer.respond(rejection)
        writer.event(
            -1,
            ErrorIntent.CREATED,
            ErrorRecordValue(
                exception_message=f"{type(error).__name__}: {error}",
                stacktrace="".join(traceback.format_exception(error)),
                error_event_position=command.position,
                process_instance_key=instance_key,
            ),
        )
        self._commit()
        return ProcessingResult(tuple(writer.records), tuple(writer.responses), ())

    def due_commands(self, now_ms: int, limit: int = 1000) -> list[Record[Any]]:
        """The commands a scheduler writes at `now_ms` (Zeebe's job time-out and backoff
        checkers and its due-date timer checker): TIME_OUT for activated jobs past their
        deadline, RECUR_AFTER_BACKOFF for failed jobs whose backoff ended, TIMER TRIGGER for
        timers due at or before `now_ms` (never earlier; after a restart, every overdue one at
        once), MESSAGE EXPIRE for messages past their time to live, at most `limit` in all.
        Positions are -1: the caller appends them to the log.
        Reading only; writing them twice is harmless (the second is rejected)."""
        jobs = self._state.jobs
        job_value, timer_value = JobRecordValue(), TimerRecordValue()
        due: list[tuple[Intent, int, RecordValue]] = [
            (JobIntent.TIME_OUT, key, job_value)
            for _, key in islice(jobs.deadlines_until(now_ms), limit)
        ]
        due += [
            (JobIntent.RECUR_AFTER_BACKOFF, key, job_value)
            for _, key in islice(jobs.backoffs_until(now_ms), limit - len(due))
        ]
        due += [
            (TimerIntent.TRIGGER, key, timer_value)
            for _, key in islice(self._state.timers.due_until(now_ms), limit - len(due))
        ]
        message_value = MessageRecordValue()
        due += [
            (MessageIntent.EXPIRE, key, message_value)
            for _, key in islice(self._state.messages.deadlines_until(now_ms), limit - len(due))
        ]
        return [
            Record(
                position=-1,
                key=key,
                timestamp=now_ms,
                partition_id=self._partition_id,
                record_type=RecordType.COMMAND,
                value_type=value_type_of(value),
                intent=intent,
                value=value,
            )
            for intent, key, value in due
        ]

    def next_due_date(self) -> int | None:
        """The earliest time (epoch ms) at which `due_commands` will return something: the
        soonest job deadline or backoff end, timer due date or message deadline; None when
        nothing waits. A scheduler may sleep until then (or until the next batch, which may
        add an earlier one). Reading only."""
        end = (1 << 63) - 2
        state = self._state
        candidates = (
            next(state.jobs.deadlines_until(end), None),
            next(state.jobs.backoffs_until(end), None),
            next(state.timers.due_until(end), None),
            next(state.messages.deadlines_until(end), None),
        )
        dates = [due for due, _ in (c for c in candidates if c is not None)]
        return min(dates) if dates else None

    def pending_sends(self) -> list[SendCommand]:
        """Commands to other partitions whose acknowledgement has not arrived: MESSAGE_SUBSCRIPTION
        CREATE / DELETE for instance-side subscriptions still opening or closing, and
        PROCESS_MESSAGE_SUBSCRIPTION CORRELATE for message-side ones still correlating. The
        broker resends them now and then (Zeebe: every ~10 s) until they are acknowledged;
        the receivers tolerate duplicates. Reading only; empty on a single partition."""
        messages = self._context.behaviours.messages
        opening_or_closing, correlating = self._state.messages.unacknowledged()
        sends = []
        for stored in opening_or_closing:
            v = stored.value
            partition = messages.message_partition(v.correlation_key)
            if partition == self._partition_id:
                continue
            intent = (
                MessageSubscriptionIntent.CREATE
                if stored.state == "CREATING"
                else MessageSubscriptionIntent.DELETE
            )
            value = MessageSubscriptionRecordValue(
                process_instance_key=v.process_instance_key,
                element_instance_key=v.element_instance_key,
                message_name=v.message_name,
                correlation_key=v.correlation_key,
                bpmn_process_id=v.bpmn_process_id,
                interrupting=v.interrupting,
                tenant_id=v.tenant_id,
            )
            sends.append(SendCommand(partition, self._send_record(partition, intent, value)))
        for subscription in correlating:
            m = subscription.value
            partition = partition_of(m.element_instance_key)
            if partition == self._partition_id:
                continue
            value_p = ProcessMessageSubscriptionRecordValue(
                process_instance_key=m.process_instance_key,
                element_instance_key=m.element_instance_key,
                message_name=m.message_name,
                correlation_key=m.correlation_key,
                bpmn_process_id=m.bpmn_process_id,
                message_key=m.message_key,
                variables=m.variables,
                interrupting=m.interrupting,
                tenant_id=m.tenant_id,
            )
            record = self._send_record(
                partition, ProcessMessageSubscriptionIntent.CORRELATE, value_p
            )
            sends.append(SendCommand(partition, record))
        return sends

    def _send_record(self, partition_id: int, intent: Intent, value: RecordValue) -> Record[Any]:
        return Record(
            position=-1,
            key=-1,
            timestamp=-1,
            partition_id=partition_id,
            record_type=RecordType.COMMAND,
            value_type=value_type_of(value),
            intent=intent,
            value=value,
        )

    def replay(self, records: Iterable[Record[Any]]) -> None:
        """Apply the EVENT records of a log; commands and rejections change no state, but the
        key generator learns their keys too (a follow-up command may carry a key that no
        event uses, e.g. a rejected activation's), so no key of the log is given again."""
        apply, observe = self._appliers.apply, self._state.keys.observe
        for record in records:
            if record.record_type is RecordType.EVENT:
                apply(record)
            else:
                observe(record.key)
        self._commit()
