"""The gateway's side of the broker: send a command, get its accepted response or a
`GatewayError`. A thin adapter over `broker.BrokerClient`.

Routing beyond the client's defaults:

- every partition holds its own copy of each deployment (the client "distributes" by sending
  DEPLOYMENT CREATE to each partition, and each assigns its own keys), so a process definition
  key only means something on the partition in that key: an instance created by key goes
  there, one created by bpmn process id goes round robin;
- one created by bpmn process id goes to the client's round robin (both creation intents
  share it);
- a key naming a partition this node does not have is NOT_FOUND, not a crash.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from broker import ActivatedJob, BrokerClient, BrokerError
from engine import Record, RecordType, partition_of
from engine.records.intents import DeploymentIntent
from engine.records.values import ProcessInstanceCreationRecordValue

from ..errors import ErrorKind, GatewayError, from_broker_error, from_rejection
from ._requests import Command

# The engine's rejection of a command it has no processor for ("... is not one (yet)").
_NOT_PROCESSED = "is not one (yet)"


class BrokerCalls:
    """Sends gateway commands through a `BrokerClient`. All methods raise `GatewayError`."""

    def __init__(self, client: BrokerClient) -> None:
        self.client = client
        self.partition_count = client.partition_count

    def _partition_of(self, key: int) -> int:
        partition = partition_of(key)
        if not 1 <= partition <= self.partition_count:
            raise GatewayError(
                ErrorKind.NOT_FOUND,
                f"Expected to find an entity with key {key}, but the key belongs to partition "
                f"{partition}, and this cluster has partitions 1..{self.partition_count}",
            )
        return partition

    def _route(self, command: Command) -> int | None:
        """The partition, or None for the client's own routing (creations round robin)."""
        value = command.value
        if command.key > 0:
            return self._partition_of(command.key)
        if isinstance(value, ProcessInstanceCreationRecordValue):
            if value.process_definition_key > 0:
                return self._partition_of(value.process_definition_key)
            return None
        return 1

    async def send(
        self, command: Command, *, partition_id: int | None = None, unsupported: str = ""
    ) -> Record[Any]:
        """The accepted response to `command`. `unsupported` names the issue that adds the
        command to the engine: a rejection saying the engine does not process it becomes
        UNIMPLEMENTED with that text."""
        if partition_id is None:
            partition_id = self._route(command)
        try:
            record = await self.client.send(
                command.intent, command.value, command.key, partition_id=partition_id
            )
        except BrokerError as error:
            raise from_broker_error(error) from None
        if record.record_type is RecordType.COMMAND_REJECTION:
            if unsupported and _NOT_PROCESSED in record.rejection_reason:
                raise GatewayError(ErrorKind.UNIMPLEMENTED, unsupported)
            raise from_rejection(record)
        return record

    async def deploy(self, command: Command) -> Record[Any]:
        """DEPLOYMENT CREATE on partition 1 (whose response is the answer), then on every other
        partition. A rejection on partition 1 stops there: nothing was deployed anywhere."""
        assert command.intent is DeploymentIntent.CREATE
        first = await self.send(command, partition_id=1)
        for partition_id in range(2, self.partition_count + 1):
            await self.send(command, partition_id=partition_id)
        return first

    async def activate_jobs(
        self,
        job_type: str,
        max_jobs: int,
        *,
        timeout_ms: int,
        worker: str,
        fetch_variables: Sequence[str],
        request_timeout_s: float,
    ) -> list[ActivatedJob]:
        """Up to `max_jobs` jobs across partitions; waits up to `request_timeout_s` for some
        to appear (0: answer at once)."""
        try:
            return await self.client.activate_jobs(
                job_type,
                max_jobs,
                timeout_ms=timeout_ms,
                worker=worker,
                fetch_variables=fetch_variables,
                request_timeout_s=request_timeout_s,
            )
        except BrokerError as error:
            raise from_broker_error(error) from None
