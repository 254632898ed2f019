"""A test harness for the engine: typed clients, a queryable record log, a clock, and the
replay check (DESIGN invariant 1) that every scenario ends with.

```python
h = EngineHarness()
h.deploy(xml)
instance = h.create_instance("order", {"amount": 12})
[job] = h.jobs.activate("payment")
h.jobs.complete(job.key, {"paid": True})
assert h.records.process_instance().with_element_id("order").intents() == [...]
h.assert_replay_matches()
```

Every command goes through `Engine.process` exactly as the broker sends it: positions from an
in-memory log, the clock's time as the record timestamp. Unprocessed follow-up commands (a
batch that hit its limit) are processed next, as the broker would read them from the log.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import msgspec

from .engine import Engine, ProcessingResult
from .processing.writer import SendCommand
from .records.enums import RecordType, ValueType, VariableDocumentUpdateSemantic
from .records.intents import (
    DeploymentIntent,
    IncidentIntent,
    Intent,
    JobBatchIntent,
    JobIntent,
    MessageCorrelationIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    SignalIntent,
    UserTaskIntent,
    VariableDocumentIntent,
)
from .records.record import Record
from .records.registry import value_type_of
from .records.values import (
    DeploymentRecordValue,
    DeploymentResource,
    IncidentRecordValue,
    JobBatchRecordValue,
    JobRecordValue,
    MessageCorrelationRecordValue,
    MessageRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceRecordValue,
    RecordValue,
    SignalRecordValue,
    UserTaskRecordValue,
    VariableDocumentRecordValue,
)
from .state.columns import Column
from .state.memory import InMemoryKeyValueStore

START_MS = 1_700_000_000_000


class Rejected(Exception):
    """The command was rejected; `record` is the rejection."""

    def __init__(self, record: Record[Any]) -> None:
        super().__init__(f"{record.rejection_type.name}: {record.rejection_reason}")
        self.record = record


class RecordStream:
    """A filtered view of records, in log order. Every filter returns a new stream."""

    def __init__(self, records: Iterable[Record[Any]]) -> None:
        self._records = list(records)

    def __iter__(self) -> Iterator[Record[Any]]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def _where(self, keep: Any) -> RecordStream:
        return RecordStream(r for r in self._records if keep(r))

    def of_type(self, value_type: ValueType) -> RecordStream:
        return self._where(lambda r: r.value_type is value_type)

    def process_instance(self) -> RecordStream:
        return self.of_type(ValueType.PROCESS_INSTANCE)

    def jobs(self) -> RecordStream:
        return self.of_type(ValueType.JOB)

    def variables(self) -> RecordStream:
        return self.of_type(ValueType.VARIABLE)

    def incidents(self) -> RecordStream:
        return self.of_type(ValueType.INCIDENT)

    def events(self) -> RecordStream:
        return self._where(lambda r: r.record_type is RecordType.EVENT)

    def commands(self) -> RecordStream:
        return self._where(lambda r: r.record_type is RecordType.COMMAND)

    def rejections(self) -> RecordStream:
        return self._where(lambda r: r.record_type is RecordType.COMMAND_REJECTION)

    def with_intent(self, *intents: Intent) -> RecordStream:
        return self._where(lambda r: r.intent in intents)

    def with_key(self, key: int) -> RecordStream:
        return self._where(lambda r: r.key == key)

    def with_element_id(self, element_id: str) -> RecordStream:
        return self._where(lambda r: getattr(r.value, "element_id", None) == element_id)

    def with_process_instance(self, key: int) -> RecordStream:
        return self._where(lambda r: getattr(r.value, "process_instance_key", None) == key)

    def first(self) -> Record[Any]:
        return self._records[0]

    def values(self) -> list[Any]:
        return [r.value for r in self._records]

    def intents(self) -> list[Intent]:
        return [r.intent for r in self._records]

    def element_steps(self) -> list[tuple[str, str]]:
        """(element id, intent name) of PROCESS_INSTANCE events: the token's path."""
        return [
            (r.value.element_id, r.intent.name)
            for r in self._records
            if r.value_type is ValueType.PROCESS_INSTANCE and r.record_type is RecordType.EVENT
        ]


@dataclass(frozen=True, slots=True)
class ActivatedJob:
    key: int
    value: JobRecordValue

    @property
    def variables(self) -> dict[str, Any]:
        return self.value.variables


class Clock:
    def __init__(self, harness: EngineHarness, now: int) -> None:
        self._harness = harness
        self.now = now

    def advance(
        self,
        *,
        ms: int = 0,
        seconds: float = 0,
        minutes: float = 0,
        hours: float = 0,
        days: float = 0,
    ) -> None:
        """Move time on, then write the commands a broker's scheduler would for what is due
        (job time-outs, ended backoffs)."""
        delta = ms + int(1000 * (seconds + 60 * (minutes + 60 * (hours + 24 * days))))
        if delta < 0:
            raise ValueError("the clock only moves forward")
        self.now += delta
        self._harness.run_due()


class JobClient:
    def __init__(self, harness: EngineHarness) -> None:
        self._h = harness

    def activate(
        self,
        job_type: str,
        max_jobs: int = 10,
        *,
        timeout: int = 300_000,
        worker: str = "test-worker",
        fetch: Iterable[str] = (),
    ) -> list[ActivatedJob]:
        record = self._h.command(
            JobBatchIntent.ACTIVATE,
            JobBatchRecordValue(
                type=job_type,
                worker=worker,
                timeout=timeout,
                max_jobs_to_activate=max_jobs,
                fetch_variables=list(fetch),
            ),
        )
        batch: JobBatchRecordValue = record.value
        return [ActivatedJob(k, j) for k, j in zip(batch.job_keys, batch.jobs, strict=True)]

    def complete(self, key: int, variables: dict[str, Any] | None = None) -> Record[Any]:
        return self._h.command(
            JobIntent.COMPLETE, JobRecordValue(variables=variables or {}), key=key
        )

    def fail(
        self,
        key: int,
        retries: int,
        error_message: str = "",
        *,
        backoff_ms: int = 0,
        variables: dict[str, Any] | None = None,
    ) -> Record[Any]:
        return self._h.command(
            JobIntent.FAIL,
            JobRecordValue(
                retries=retries,
                error_message=error_message,
                retry_backoff=backoff_ms,
                variables=variables or {},
            ),
            key=key,
        )

    def throw_error(
        self, key: int, code: str, message: str = "", variables: dict[str, Any] | None = None
    ) -> Record[Any]:
        return self._h.command(
            JobIntent.THROW_ERROR,
            JobRecordValue(error_code=code, error_message=message, variables=variables or {}),
            key=key,
        )

    def update_retries(self, key: int, retries: int) -> Record[Any]:
        return self._h.command(JobIntent.UPDATE_RETRIES, JobRecordValue(retries=retries), key=key)

    def update_timeout(self, key: int, timeout: int) -> Record[Any]:
        return self._h.command(JobIntent.UPDATE_TIMEOUT, JobRecordValue(timeout=timeout), key=key)

    def complete_all(self, job_type: str, variables: dict[str, Any] | None = None) -> int:
        jobs = self.activate(job_type, 1000)
        for job in jobs:
            self.complete(job.key, variables)
        return len(jobs)


class UserTaskClient:
    def __init__(self, harness: EngineHarness) -> None:
        self._h = harness

    def key_of(self, element_id: str) -> int:
        """The key of the latest user task created for `element_id`."""
        created = (
            self._h.records.of_type(ValueType.USER_TASK)
            .with_intent(UserTaskIntent.CREATED)
            .with_element_id(element_id)
        )
        return [r.key for r in created][-1]

    def assign(self, key: int, assignee: str) -> Record[Any]:
        return self._h.command(UserTaskIntent.ASSIGN, UserTaskRecordValue(assignee=assignee), key)

    def claim(self, key: int, assignee: str) -> Record[Any]:
        return self._h.command(UserTaskIntent.CLAIM, UserTaskRecordValue(assignee=assignee), key)

    def update(self, key: int, **changes: Any) -> Record[Any]:
        names = {
            "candidate_groups_list": "candidateGroupsList",
            "candidate_users_list": "candidateUsersList",
            "due_date": "dueDate",
            "follow_up_date": "followUpDate",
            "priority": "priority",
        }
        value = UserTaskRecordValue(changed_attributes=[names[n] for n in changes], **changes)
        return self._h.command(UserTaskIntent.UPDATE, value, key)

    def complete(self, key: int, variables: dict[str, Any] | None = None) -> Record[Any]:
        return self._h.command(
            UserTaskIntent.COMPLETE, UserTaskRecordValue(variables=variables or {}), key
        )


class EngineHarness:
    """One partition's engine over an in-memory store, with an in-memory log."""

    def __init__(
        self,
        partition_id: int = 1,
        start_ms: int = START_MS,
        partition_count: int | None = None,
    ) -> None:
        self.partition_id = partition_id
        self.store = InMemoryKeyValueStore()
        self.engine = Engine(self.store, partition_id, partition_count=partition_count)
        # Commands for other partitions (`ProcessingResult.sends`), for a test to deliver.
        self.outbox: list[SendCommand] = []
        self.log: list[Record[Any]] = []
        self.results: list[ProcessingResult] = []
        self.clock = Clock(self, start_ms)
        self.jobs = JobClient(self)
        self.user_tasks = UserTaskClient(self)
        self._request_id = 0

    # the log

    @property
    def records(self) -> RecordStream:
        return RecordStream(self.log)

    def write(self, intent: Intent, value: RecordValue, key: int = -1) -> ProcessingResult:
        """Append a client command and process it (and any follow-ups left over)."""
        self._request_id += 1
        command: Record[Any] = Record(
            position=len(self.log) + 1,
            key=key,
            timestamp=self.clock.now,
            partition_id=self.partition_id,
            record_type=RecordType.COMMAND,
            value_type=value_type_of(value),
            intent=intent,
            request_id=self._request_id,
            request_stream_id=1,
            value=value,
        )
        return self._process(command)

    def _process(self, command: Record[Any]) -> ProcessingResult:
        if command.position > len(self.log):
            self.log.append(command)
        result = self.engine.process(command, self.clock.now, len(self.log) + 1)
        self.log.extend(result.records)
        self.results.append(result)
        self.outbox.extend(result.sends)
        for left in result.unprocessed:
            self._process(left)
        return result

    def command(self, intent: Intent, value: RecordValue, key: int = -1) -> Record[Any]:
        """Write a command and return its response; raises `Rejected` for a rejection."""
        result = self.write(intent, value, key)
        if not result.responses:
            raise AssertionError(f"no response to {intent.name}")
        response = result.responses[0]
        if response.record_type is RecordType.COMMAND_REJECTION:
            raise Rejected(response)
        return response

    def run_due(self) -> None:
        """What the broker's scheduler does at `clock.now`: time out jobs past their deadline,
        bring back failed jobs whose backoff ended, trigger due timers; again while that makes
        more due (a cycle behind schedule), until the same commands come back (rejected)."""
        previous: list[tuple[Intent, int]] = []
        while True:
            due = self.engine.due_commands(self.clock.now)
            current = [(command.intent, command.key) for command in due]
            if not due or current == previous:
                return
            previous = current
            for command in due:
                self.write(command.intent, command.value, command.key)

    # clients

    def deploy(self, *resources: str | bytes | tuple[str, str | bytes]) -> DeploymentRecordValue:
        """Deploy BPMN (or `(name, text)` pairs for DMN and others); returns the deployment."""
        entries = []
        for index, resource in enumerate(resources):
            name, body = resource if isinstance(resource, tuple) else (f"r{index}.bpmn", resource)
            data = body.encode() if isinstance(body, str) else body
            entries.append(DeploymentResource(resource_name=name, resource=data))
        response = self.command(DeploymentIntent.CREATE, DeploymentRecordValue(resources=entries))
        value: DeploymentRecordValue = response.value
        return value

    def create_instance(
        self,
        process_id: str,
        variables: dict[str, Any] | None = None,
        *,
        version: int = -1,
        business_key: str = "",
    ) -> int:
        response = self.command(
            ProcessInstanceCreationIntent.CREATE,
            ProcessInstanceCreationRecordValue(
                bpmn_process_id=process_id,
                version=version,
                variables=variables or {},
                business_key=business_key,
            ),
        )
        return int(response.value.process_instance_key)

    def cancel(self, process_instance_key: int) -> Record[Any]:
        return self.command(
            ProcessInstanceIntent.CANCEL, ProcessInstanceRecordValue(), key=process_instance_key
        )

    def set_variables(
        self, scope_key: int, variables: dict[str, Any], *, local: bool = False
    ) -> Record[Any]:
        semantics = (
            VariableDocumentUpdateSemantic.LOCAL
            if local
            else VariableDocumentUpdateSemantic.PROPAGATE
        )
        return self.command(
            VariableDocumentIntent.UPDATE,
            VariableDocumentRecordValue(
                scope_key=scope_key, update_semantics=semantics, variables=variables
            ),
        )

    def publish(
        self,
        name: str,
        correlation_key: str = "",
        variables: dict[str, Any] | None = None,
        *,
        ttl_ms: int = 3_600_000,
        message_id: str = "",
    ) -> Record[Any]:
        """MESSAGE PUBLISH; returns PUBLISHED (raises `Rejected` for a duplicate id)."""
        return self.command(
            MessageIntent.PUBLISH,
            MessageRecordValue(
                name=name,
                correlation_key=correlation_key,
                time_to_live=ttl_ms,
                message_id=message_id,
                variables=variables or {},
            ),
        )

    def correlate(
        self, name: str, correlation_key: str = "", variables: dict[str, Any] | None = None
    ) -> Record[Any]:
        """MESSAGE_CORRELATION CORRELATE; returns CORRELATED (`Rejected` when NOT_FOUND)."""
        return self.command(
            MessageCorrelationIntent.CORRELATE,
            MessageCorrelationRecordValue(
                name=name, correlation_key=correlation_key, variables=variables or {}
            ),
        )

    def broadcast(self, name: str, variables: dict[str, Any] | None = None) -> Record[Any]:
        """SIGNAL BROADCAST; returns BROADCASTED."""
        return self.command(
            SignalIntent.BROADCAST,
            SignalRecordValue(signal_name=name, variables=variables or {}),
        )

    def deliver(self, command: Record[Any]) -> ProcessingResult:
        """Append a command another partition sent (not a client request) and process it."""
        record = msgspec.structs.replace(
            command,
            position=len(self.log) + 1,
            timestamp=self.clock.now,
            partition_id=self.partition_id,
        )
        return self._process(record)

    def resolve_incident(self, key: int) -> Record[Any]:
        return self.command(IncidentIntent.RESOLVE, IncidentRecordValue(), key=key)

    # state queries

    def variables(self, scope_key: int) -> dict[str, Any]:
        """The variables defined in `scope_key` itself, decoded."""
        return {
            name: variable.decoded()
            for name, variable in self.engine.state.variables.local(scope_key)
        }

    def open_incidents(self) -> list[tuple[int, IncidentRecordValue]]:
        resolved = {r.key for r in self.records.incidents().with_intent(IncidentIntent.RESOLVED)}
        return [
            (r.key, r.value)
            for r in self.records.incidents().with_intent(IncidentIntent.CREATED)
            if r.key not in resolved
        ]

    def element_instance_key(self, element_id: str) -> int:
        """The key of the latest instance of `element_id` that was activated."""
        activating = (
            self.records.process_instance()
            .with_element_id(element_id)
            .with_intent(ProcessInstanceIntent.ELEMENT_ACTIVATING)
        )
        return [r.key for r in activating][-1]

    def is_active(self, element_instance_key: int) -> bool:
        return self.engine.state.element_instances.get(element_instance_key) is not None

    # the replay check

    def assert_replay_matches(self) -> None:
        """Replay the log into a fresh store: every column, the key generator's included,
        must equal the live one (DESIGN invariant 1)."""
        fresh = InMemoryKeyValueStore()
        Engine(fresh, self.partition_id).replay(self.log)
        live, replayed = _columns(self.store), _columns(fresh)
        for column in sorted(set(live) | set(replayed)):
            assert replayed.get(column, {}) == live.get(column, {}), (
                f"replayed state differs from live state in column {column.name}"
            )


def _columns(store: InMemoryKeyValueStore) -> dict[Column, dict[bytes, bytes]]:
    columns: dict[Column, dict[bytes, bytes]] = {}
    for key, value in store.scan_range(b"", None):
        columns.setdefault(Column(int.from_bytes(key[:2], "big")), {})[key] = value
    return columns


def decode_variable(record: Record[Any]) -> Any:
    return msgspec.json.decode(record.value.value)


def bpmn(*processes: str) -> str:
    """A BPMN document as Camunda Modeler saves it (without diagram), around `processes`."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" '
        'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" '
        'xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="Definitions_1" '
        'targetNamespace="http://bpmn.io/schema/bpmn" exporter="Camunda Modeler" '
        'exporterVersion="5.28.0" modeler:executionPlatform="Camunda Cloud" '
        'modeler:executionPlatformVersion="8.6.0">\n'
        + "\n".join(processes)
        + "\n</bpmn:definitions>\n"
    )
