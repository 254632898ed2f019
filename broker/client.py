"""`BrokerClient`: what the gateway (issue 6) talks to; routes commands to partitions.

    client = BrokerClient(node.partitions)          # in-process or in other processes
    await client.deploy(xml)
    key = await client.create_instance("order", {"amount": 12})
    jobs = await client.activate_jobs("payment", 10, request_timeout_s=30)
    await client.complete_job(jobs[0].key, {"paid": True})

`send(intent, value, key)` is the generic call: it returns the response record, a rejection
included. The typed helpers raise `CommandRejected` for a rejection. Routing follows
`broker/routing.py`. Every call may raise `Backpressure` (intake full) or
`PartitionUnavailable`.

Deployments go to partition 1 and then to every other partition. The engine has no
COMMAND_DISTRIBUTION processors yet, so "distribution" is the client sending the same
DEPLOYMENT CREATE to each partition in turn; each partition assigns its own keys to the
process definitions, and a crash between two partitions leaves the rest undeployed until the
deployment is sent again (a redeployment of unchanged resources is harmless).

Long polling: `activate_jobs` with `request_timeout_s > 0` that finds no job on any partition
parks until some partition reports `JobsAvailable(type)` (after that group is durable) or the
timeout ends, then asks again. The waiter is registered BEFORE asking, so a notification that
arrives while the activation is in flight is not lost. Job push to open streams is not built:
the engine has no job-stream support yet (`engine/processing/job/` activates by request only).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from engine.records import Record, RecordType
from engine.records.enums import VariableDocumentUpdateSemantic
from engine.records.intents import (
    DeploymentIntent,
    IncidentIntent,
    Intent,
    JobBatchIntent,
    JobIntent,
    MessageCorrelationIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    VariableDocumentIntent,
)
from engine.records.values import (
    DeploymentRecordValue,
    DeploymentResource,
    IncidentRecordValue,
    JobBatchRecordValue,
    JobRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceRecordValue,
    RecordValue,
    VariableDocumentRecordValue,
)

from .errors import BrokerError
from .routing import (
    DEPLOYMENT_PARTITION,
    RoundRobin,
    partition_of_correlation_key,
    partition_of_key,
)

# Both creation intents share one round robin: awaiting the result changes only when the
# answer comes (the partition keeps the request pending until the instance ends).
# Routed by `partition_of_correlation_key(value.correlation_key)`.
_BY_CORRELATION_KEY = (MessageIntent.PUBLISH, MessageCorrelationIntent.CORRELATE)
_CREATIONS = (
    ProcessInstanceCreationIntent.CREATE,
    ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT,
)


class PartitionHandle(Protocol):
    """A partition as the client sees it: `Partition` (in-process) or `RemotePartition`."""

    @property
    def partition_id(self) -> int: ...

    @property
    def running(self) -> bool:
        """False once the partition stopped or failed (or its process exited)."""
        ...

    async def send(self, intent: Intent, value: RecordValue, key: int = -1) -> Record[Any]: ...

    def on_jobs_available(self, listener: Any) -> None: ...


class CommandRejected(BrokerError):
    """The engine rejected the command; `record` is the COMMAND_REJECTION."""

    def __init__(self, record: Record[Any]) -> None:
        super().__init__(f"{record.rejection_type.name}: {record.rejection_reason}")
        self.record = record
        self.rejection_type = record.rejection_type
        self.reason = record.rejection_reason


@dataclass(frozen=True, slots=True)
class ActivatedJob:
    key: int
    job: JobRecordValue


class _JobWaiters:
    """Events per job type, set when a partition reports jobs of that type."""

    def __init__(self) -> None:
        self._waiting: dict[str, set[asyncio.Event]] = {}

    def register(self, job_type: str) -> asyncio.Event:
        event = asyncio.Event()
        self._waiting.setdefault(job_type, set()).add(event)
        return event

    def unregister(self, job_type: str, event: asyncio.Event) -> None:
        events = self._waiting.get(job_type)
        if events is not None:
            events.discard(event)
            if not events:
                del self._waiting[job_type]

    def notify(self, job_type: str) -> None:
        for event in self._waiting.get(job_type, ()):
            event.set()


def _accepted(record: Record[Any]) -> Record[Any]:
    if record.record_type is RecordType.COMMAND_REJECTION:
        raise CommandRejected(record)
    return record


class BrokerClient:
    def __init__(self, partitions: Sequence[PartitionHandle]) -> None:
        if not partitions:
            raise ValueError("Expected at least one partition, but got none")
        self._partitions = {p.partition_id: p for p in partitions}
        self.partition_count = len(partitions)
        if sorted(self._partitions) != list(range(1, self.partition_count + 1)):
            raise ValueError(
                f"Expected partitions 1..{len(partitions)}, got {sorted(self._partitions)}"
            )
        self._round_robin = RoundRobin(self.partition_count)
        self._jobs_round_robin = RoundRobin(self.partition_count)
        self._waiters = _JobWaiters()
        for partition in partitions:
            partition.on_jobs_available(self._waiters.notify)

    def partition(self, partition_id: int) -> PartitionHandle:
        return self._partitions[partition_id]

    # The generic call.

    async def send(
        self,
        intent: Intent,
        value: RecordValue,
        key: int = -1,
        *,
        partition_id: int | None = None,
    ) -> Record[Any]:
        """Sends one command to the partition it belongs to (or `partition_id`); returns the
        response record, a rejection included."""
        if partition_id is None:
            correlation_key = getattr(value, "correlation_key", None)
            if intent in _BY_CORRELATION_KEY and isinstance(correlation_key, str):
                partition_id = partition_of_correlation_key(correlation_key, self.partition_count)
            else:
                partition_id = self._route(intent, key)
        return await self._partitions[partition_id].send(intent, value, key)

    def _route(self, intent: Intent, key: int) -> int:
        if key > 0:
            return partition_of_key(key, self.partition_count)
        if intent in _CREATIONS:
            return self._round_robin.next()
        return DEPLOYMENT_PARTITION

    # Typed helpers.

    async def deploy(
        self, *resources: str | bytes | tuple[str, str | bytes]
    ) -> DeploymentRecordValue:
        """Deploys BPMN (or `(name, text)` pairs) to partition 1, then to the others."""
        entries = []
        for index, resource in enumerate(resources):
            name, body = resource if isinstance(resource, tuple) else (f"r{index}.bpmn", resource)
            data = body.encode() if isinstance(body, str) else body
            entries.append(DeploymentResource(resource_name=name, resource=data))
        value = DeploymentRecordValue(resources=entries)
        first = _accepted(
            await self.send(DeploymentIntent.CREATE, value, partition_id=DEPLOYMENT_PARTITION)
        )
        for partition_id in range(2, self.partition_count + 1):
            _accepted(await self.send(DeploymentIntent.CREATE, value, partition_id=partition_id))
        deployed: DeploymentRecordValue = first.value
        return deployed

    async def create_instance(
        self,
        process_id: str,
        variables: dict[str, Any] | None = None,
        *,
        version: int = -1,
        business_key: str = "",
    ) -> int:
        """Starts an instance on the next partition; returns its process instance key."""
        response = _accepted(
            await self.send(
                ProcessInstanceCreationIntent.CREATE,
                ProcessInstanceCreationRecordValue(
                    bpmn_process_id=process_id,
                    version=version,
                    variables=variables or {},
                    business_key=business_key,
                ),
            )
        )
        return int(response.value.process_instance_key)

    async def cancel_instance(self, process_instance_key: int) -> Record[Any]:
        return _accepted(
            await self.send(
                ProcessInstanceIntent.CANCEL, ProcessInstanceRecordValue(), process_instance_key
            )
        )

    async def activate_jobs(
        self,
        job_type: str,
        max_jobs: int = 10,
        *,
        timeout_ms: int = 300_000,
        worker: str = "worker",
        fetch_variables: Sequence[str] = (),
        request_timeout_s: float = 0.0,
    ) -> list[ActivatedJob]:
        """Activates up to `max_jobs` jobs of `job_type` across the partitions; with
        `request_timeout_s > 0`, waits that long for jobs to appear (long polling)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + request_timeout_s
        while True:
            waiter = self._waiters.register(job_type)  # before asking: see module docstring
            try:
                jobs = await self._activate_once(
                    job_type, max_jobs, timeout_ms, worker, fetch_variables
                )
                remaining = deadline - loop.time()
                if jobs or remaining <= 0:
                    return jobs
                try:
                    async with asyncio.timeout(remaining):
                        await waiter.wait()
                except TimeoutError:
                    return []
            finally:
                self._waiters.unregister(job_type, waiter)

    async def _activate_once(
        self,
        job_type: str,
        max_jobs: int,
        timeout_ms: int,
        worker: str,
        fetch_variables: Sequence[str],
    ) -> list[ActivatedJob]:
        jobs: list[ActivatedJob] = []
        first = self._jobs_round_robin.next()
        for offset in range(self.partition_count):
            if len(jobs) >= max_jobs:
                break
            partition_id = (first - 1 + offset) % self.partition_count + 1
            response = _accepted(
                await self.send(
                    JobBatchIntent.ACTIVATE,
                    JobBatchRecordValue(
                        type=job_type,
                        worker=worker,
                        timeout=timeout_ms,
                        max_jobs_to_activate=max_jobs - len(jobs),
                        fetch_variables=list(fetch_variables),
                    ),
                    partition_id=partition_id,
                )
            )
            batch: JobBatchRecordValue = response.value
            jobs.extend(ActivatedJob(k, j) for k, j in zip(batch.job_keys, batch.jobs, strict=True))
        return jobs

    async def complete_job(self, key: int, variables: dict[str, Any] | None = None) -> Record[Any]:
        return _accepted(
            await self.send(JobIntent.COMPLETE, JobRecordValue(variables=variables or {}), key)
        )

    async def fail_job(
        self,
        key: int,
        retries: int,
        error_message: str = "",
        *,
        backoff_ms: int = 0,
        variables: dict[str, Any] | None = None,
    ) -> Record[Any]:
        value = JobRecordValue(
            retries=retries,
            error_message=error_message,
            retry_backoff=backoff_ms,
            variables=variables or {},
        )
        return _accepted(await self.send(JobIntent.FAIL, value, key))

    async def throw_error(
        self,
        key: int,
        code: str,
        message: str = "",
        variables: dict[str, Any] | None = None,
    ) -> Record[Any]:
        value = JobRecordValue(error_code=code, error_message=message, variables=variables or {})
        return _accepted(await self.send(JobIntent.THROW_ERROR, value, key))

    async def update_job_retries(self, key: int, retries: int) -> Record[Any]:
        return _accepted(
            await self.send(JobIntent.UPDATE_RETRIES, JobRecordValue(retries=retries), key)
        )

    async def update_job_timeout(self, key: int, timeout_ms: int) -> Record[Any]:
        return _accepted(
            await self.send(JobIntent.UPDATE_TIMEOUT, JobRecordValue(timeout=timeout_ms), key)
        )

    async def set_variables(
        self, scope_key: int, variables: dict[str, Any], *, local: bool = False
    ) -> Record[Any]:
        semantics = (
            VariableDocumentUpdateSemantic.LOCAL
            if local
            else VariableDocumentUpdateSemantic.PROPAGATE
        )
        value = VariableDocumentRecordValue(
            scope_key=scope_key, update_semantics=semantics, variables=variables
        )
        return _accepted(
            await self.send(
                VariableDocumentIntent.UPDATE,
                value,
                partition_id=partition_of_key(scope_key, self.partition_count),
            )
        )

    async def resolve_incident(self, key: int) -> Record[Any]:
        return _accepted(await self.send(IncidentIntent.RESOLVE, IncidentRecordValue(), key))
