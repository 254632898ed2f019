"""`GatewayServicer`: Zeebe's `gateway_protocol.Gateway` service over Baton's broker.

Each RPC is three steps: request → `Command` (`_requests`), the broker's accepted response
(`BrokerCalls`), response → reply (`_replies`). Any `GatewayError` on the way aborts the call
with the status of `gateway.errors.WIRE`; nothing else is caught here (grpc turns a bug into
UNKNOWN, and logs it).

Long polling (ActivateJobs): `requestTimeout` 0 means the gateway default
(`GatewayOptions.long_polling_timeout_ms`, 5 s, well under pyzeebe's 20 s call deadline), a
negative value answers at once. StreamActivatedJobs is served by the same activation, looped:
the engine has no job push yet, so the stream asks the broker for jobs, waits for the
partitions' "jobs available" notification when there are none, and writes each job to the
stream as it is activated, until the client goes away.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeAlias, TypeVar

from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto import gateway_pb2_grpc

from broker.routing import partition_of_correlation_key

from ..errors import ErrorKind, GatewayError, invalid_argument
from ..variables import DEFAULT_MAX_VARIABLES_BYTES
from . import _replies as replies
from . import _requests as requests
from ._calls import BrokerCalls
from ._requests import Limits
from ._topology import TopologySource

# ActivateJobs answers in responses of about this size, well under the 4 MiB message limit.
RESPONSE_BYTES = 1024 * 1024

_Req = TypeVar("_Req")
_Resp = TypeVar("_Resp")
# grpc.aio.ServicerContext; grpc ships no type stubs, so it would be Any anyway.
Context: TypeAlias = Any


@dataclass(frozen=True, slots=True)
class GatewayOptions:
    long_polling_timeout_ms: int = 5_000
    with_result_timeout_ms: int = 15_000
    max_variables_bytes: int = DEFAULT_MAX_VARIABLES_BYTES
    stream_batch_size: int = 32


async def _abort(context: Context, error: GatewayError) -> None:
    await context.abort(error.wire.grpc_code, error.message)


def _unary(
    method: Callable[[Any, _Req, Context], Awaitable[_Resp]],
) -> Callable[[Any, _Req, Context], Awaitable[_Resp]]:
    """Aborts the call with the mapped status when the method raises `GatewayError`."""

    @wraps(method)
    async def call(self: Any, request: _Req, context: Context) -> _Resp:
        try:
            return await method(self, request, context)
        except GatewayError as error:
            await _abort(context, error)
            raise AssertionError("context.abort returns only by raising") from None

    return call


class GatewayServicer(gateway_pb2_grpc.GatewayServicer):
    def __init__(
        self, calls: BrokerCalls, topology: TopologySource, options: GatewayOptions | None = None
    ) -> None:
        self._calls = calls
        self._topology = topology
        self._options = options if options is not None else GatewayOptions()
        self._limits = Limits(max_variables_bytes=self._options.max_variables_bytes)

    # Deployment.

    @_unary
    async def DeployResource(
        self, request: pb.DeployResourceRequest, context: Context
    ) -> pb.DeployResourceResponse:
        record = await self._calls.deploy(requests.deploy_resource(request))
        return replies.deploy_resource(record)

    @_unary
    async def DeployProcess(
        self, request: pb.DeployProcessRequest, context: Context
    ) -> pb.DeployProcessResponse:
        record = await self._calls.deploy(requests.deploy_process(request))
        return replies.deploy_process(record)

    @_unary
    async def DeleteResource(
        self, request: pb.DeleteResourceRequest, context: Context
    ) -> pb.DeleteResourceResponse:
        await self._calls.send(requests.delete_resource(request))
        return pb.DeleteResourceResponse()

    # Process instances.

    @_unary
    async def CreateProcessInstance(
        self, request: pb.CreateProcessInstanceRequest, context: Context
    ) -> pb.CreateProcessInstanceResponse:
        command = requests.create_process_instance(request, self._limits)
        return replies.create_process_instance(await self._calls.send(command))

    @_unary
    async def CreateProcessInstanceWithResult(
        self, request: pb.CreateProcessInstanceWithResultRequest, context: Context
    ) -> pb.CreateProcessInstanceWithResultResponse:
        command = requests.create_process_instance_with_result(request, self._limits)
        timeout_ms = request.requestTimeout or self._options.with_result_timeout_ms
        try:
            async with asyncio.timeout(timeout_ms / 1000):
                record = await self._calls.send(command)
        except TimeoutError:
            process = request.request.bpmnProcessId or request.request.processDefinitionKey
            raise GatewayError(
                ErrorKind.DEADLINE_EXCEEDED,
                f"Expected the instance of process '{process}' to complete within "
                f"{timeout_ms} ms, but it did not (the instance goes on running)",
            ) from None
        return replies.create_process_instance_with_result(record)

    @_unary
    async def CancelProcessInstance(
        self, request: pb.CancelProcessInstanceRequest, context: Context
    ) -> pb.CancelProcessInstanceResponse:
        await self._calls.send(requests.cancel_process_instance(request))
        return pb.CancelProcessInstanceResponse()

    @_unary
    async def SetVariables(
        self, request: pb.SetVariablesRequest, context: Context
    ) -> pb.SetVariablesResponse:
        record = await self._calls.send(requests.set_variables(request, self._limits))
        return pb.SetVariablesResponse(key=record.key)

    @_unary
    async def ModifyProcessInstance(
        self, request: pb.ModifyProcessInstanceRequest, context: Context
    ) -> pb.ModifyProcessInstanceResponse:
        await self._calls.send(
            requests.modify_process_instance(request, self._limits),
            unsupported="ModifyProcessInstance is not supported yet: the engine has no "
            "PROCESS_INSTANCE_MODIFICATION MODIFY processor",
        )
        return pb.ModifyProcessInstanceResponse()

    @_unary
    async def MigrateProcessInstance(
        self, request: pb.MigrateProcessInstanceRequest, context: Context
    ) -> pb.MigrateProcessInstanceResponse:
        await self._calls.send(
            requests.migrate_process_instance(request),
            unsupported="MigrateProcessInstance is not supported yet: the engine has no "
            "process instance migration (no issue plans it yet)",
        )
        return pb.MigrateProcessInstanceResponse()

    @_unary
    async def ResolveIncident(
        self, request: pb.ResolveIncidentRequest, context: Context
    ) -> pb.ResolveIncidentResponse:
        await self._calls.send(requests.resolve_incident(request))
        return pb.ResolveIncidentResponse()

    # Jobs.

    async def ActivateJobs(
        self, request: pb.ActivateJobsRequest, context: Context
    ) -> AsyncIterator[pb.ActivateJobsResponse]:
        try:
            if not request.worker:
                raise invalid_argument("Expected 'worker' to name the worker, but it is empty")
            requests.activate_jobs(
                request.type,
                request.worker,
                request.timeout,
                request.maxJobsToActivate,
                list(request.fetchVariable),
                list(request.tenantIds),
            )
            wait_ms = request.requestTimeout
            if wait_ms == 0:
                wait_ms = self._options.long_polling_timeout_ms
            jobs = await self._calls.activate_jobs(
                request.type,
                request.maxJobsToActivate,
                timeout_ms=request.timeout,
                worker=request.worker,
                fetch_variables=list(request.fetchVariable),
                request_timeout_s=max(wait_ms, 0) / 1000,
            )
        except GatewayError as error:
            await _abort(context, error)
            return
        for chunk in replies.job_responses(jobs, RESPONSE_BYTES):
            yield chunk

    async def StreamActivatedJobs(
        self, request: pb.StreamActivatedJobsRequest, context: Context
    ) -> AsyncIterator[pb.ActivatedJob]:
        try:
            requests.activate_jobs(
                request.type,
                request.worker,
                request.timeout,
                1,
                list(request.fetchVariable),
                list(request.tenantIds),
            )
            while True:
                jobs = await self._calls.activate_jobs(
                    request.type,
                    self._options.stream_batch_size,
                    timeout_ms=request.timeout,
                    worker=request.worker,
                    fetch_variables=list(request.fetchVariable),
                    request_timeout_s=self._options.long_polling_timeout_ms / 1000,
                )
                for job in jobs:
                    yield replies.activated_job(job.key, job.job)
        except GatewayError as error:
            await _abort(context, error)

    @_unary
    async def CompleteJob(
        self, request: pb.CompleteJobRequest, context: Context
    ) -> pb.CompleteJobResponse:
        await self._calls.send(requests.complete_job(request, self._limits))
        return pb.CompleteJobResponse()

    @_unary
    async def FailJob(self, request: pb.FailJobRequest, context: Context) -> pb.FailJobResponse:
        await self._calls.send(requests.fail_job(request, self._limits))
        return pb.FailJobResponse()

    @_unary
    async def ThrowError(
        self, request: pb.ThrowErrorRequest, context: Context
    ) -> pb.ThrowErrorResponse:
        await self._calls.send(requests.throw_error(request, self._limits))
        return pb.ThrowErrorResponse()

    @_unary
    async def UpdateJobRetries(
        self, request: pb.UpdateJobRetriesRequest, context: Context
    ) -> pb.UpdateJobRetriesResponse:
        await self._calls.send(requests.update_job_retries(request))
        return pb.UpdateJobRetriesResponse()

    @_unary
    async def UpdateJobTimeout(
        self, request: pb.UpdateJobTimeoutRequest, context: Context
    ) -> pb.UpdateJobTimeoutResponse:
        await self._calls.send(requests.update_job_timeout(request))
        return pb.UpdateJobTimeoutResponse()

    # Messages, signals, decisions: sent to the engine, UNIMPLEMENTED until it processes them.

    @_unary
    async def PublishMessage(
        self, request: pb.PublishMessageRequest, context: Context
    ) -> pb.PublishMessageResponse:
        command = requests.publish_message(request, self._limits)
        record = await self._calls.send(
            command,
            partition_id=partition_of_correlation_key(
                request.correlationKey, self._calls.partition_count
            ),
            unsupported="PublishMessage is not supported yet: messages come with issue 7 "
            "(timers, messages, signals)",
        )
        return pb.PublishMessageResponse(key=record.key, tenantId=record.value.tenant_id)

    @_unary
    async def BroadcastSignal(
        self, request: pb.BroadcastSignalRequest, context: Context
    ) -> pb.BroadcastSignalResponse:
        record = await self._calls.send(
            requests.broadcast_signal(request, self._limits),
            partition_id=1,
            unsupported="BroadcastSignal is not supported yet: signals come with issue 7 "
            "(timers, messages, signals)",
        )
        return pb.BroadcastSignalResponse(key=record.key, tenantId=record.value.tenant_id)

    @_unary
    async def EvaluateDecision(
        self, request: pb.EvaluateDecisionRequest, context: Context
    ) -> pb.EvaluateDecisionResponse:
        record = await self._calls.send(
            requests.evaluate_decision(request, self._limits),
            # every partition holds the deployment, but the keys clients know are partition 1's
            partition_id=1,
            unsupported="EvaluateDecision is not supported yet: the engine has no "
            "DECISION_EVALUATION EVALUATE processor (decisions run from business rule tasks)",
        )
        return replies.evaluate_decision(record)

    # Cluster.

    async def Topology(self, request: pb.TopologyRequest, context: Context) -> pb.TopologyResponse:
        return self._topology.topology()


__all__ = ["GatewayOptions", "GatewayServicer"]
