"""Every status code the gateway sends, as Zeebe clients read it: against a real node where
the engine can be made to say it, and against a scripted broker client (backpressure, a
processing error, a with-result request that times out) where it cannot on demand."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import grpc
import pytest
from pyzeebe import ZeebeClient, create_insecure_channel
from pyzeebe.errors import ZeebeBackPressureError
from pyzeebe.proto import gateway_pb2 as pb
from pyzeebe.proto.gateway_pb2_grpc import GatewayStub

from broker import Backpressure, PartitionUnavailable
from engine import Record, RecordType, RejectionType, ValueType
from engine.engine import _TABLES, merge_processors
from engine.records.intents import (
    DecisionEvaluationIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceMigrationIntent,
    SignalIntent,
)
from engine.records.values import ProcessInstanceCreationRecordValue
from engine.testing import bpmn
from gateway.errors import GatewayError
from gateway.grpc import (
    BrokerCalls,
    GatewayOptions,
    GatewayServicer,
    GrpcGateway,
    PartitionState,
    TopologySource,
)
from gateway.variables import parse_variables
from tests.gateway.test_gateway_harness import SERVICE, Gateway, started_gateway

S = grpc.StatusCode


@pytest.fixture
async def gateway(tmp_path: Path) -> AsyncIterator[Gateway]:
    async with started_gateway(tmp_path, max_variables_bytes=1000) as started:
        yield started


async def _code(call: Any) -> tuple[grpc.StatusCode, str]:
    with pytest.raises(grpc.aio.AioRpcError) as refused:
        await call
    return refused.value.code(), refused.value.details() or ""


INVALID_MODEL = bpmn("""
  <bpmn:process id="broken" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task" />
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="nowhere" />
    <bpmn:exclusiveGateway id="split">
      <bpmn:extensionElements />
    </bpmn:exclusiveGateway>
  </bpmn:process>""")

NO_START = bpmn("""
  <bpmn:process id="nostart" isExecutable="true">
    <bpmn:startEvent id="tick">
      <bpmn:timerEventDefinition><bpmn:timeCycle>R/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition>
    </bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


async def test_not_found(gateway: Gateway) -> None:
    stub = gateway.stub
    code, message = await _code(
        stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="nope"))
    )
    assert code == S.NOT_FOUND and "'nope'" in message
    for call in (
        stub.CompleteJob(pb.CompleteJobRequest(jobKey=2251799813685999)),
        stub.FailJob(pb.FailJobRequest(jobKey=2251799813685999, retries=1)),
        stub.CancelProcessInstance(
            pb.CancelProcessInstanceRequest(processInstanceKey=2251799813685999)
        ),
        stub.ResolveIncident(pb.ResolveIncidentRequest(incidentKey=2251799813685999)),
        stub.SetVariables(
            pb.SetVariablesRequest(elementInstanceKey=2251799813685999, variables="{}")
        ),
    ):
        assert (await _code(call))[0] == S.NOT_FOUND
    code, message = await _code(  # a key of partition 7, which this node does not have
        stub.CompleteJob(pb.CompleteJobRequest(jobKey=(7 << 51) + 1))
    )
    assert code == S.NOT_FOUND and "partition 7" in message


async def test_an_invalid_model_names_every_problem(gateway: Gateway) -> None:
    code, message = await _code(gateway.deploy("broken.bpmn", INVALID_MODEL))
    assert code == S.INVALID_ARGUMENT
    assert "broken.bpmn" in message
    assert "'task'" in message  # a service task without a job type
    assert "nowhere" in message  # a flow to an element that does not exist
    code, message = await _code(gateway.deploy("junk.bpmn", "<not xml"))
    assert code == S.INVALID_ARGUMENT and "junk.bpmn" in message


@pytest.mark.parametrize(
    ("variables", "says"),
    [
        ("{not json", "'variables' to be a JSON object, but it is not valid JSON"),
        ("[1, 2]", "'variables' to be a JSON object, but it is an array"),
        ('"text"', "but it is a string"),
        ("null", "but it is null"),
        ("NaN", "not valid JSON"),
        ('{"a": "' + "x" * 2000 + '"}', "'variables' to be at most 1000 bytes"),
        ("[" * 400 + "]" * 400, "but it is an array"),
    ],
)
async def test_bad_variables_are_invalid_argument_naming_the_field(
    gateway: Gateway, variables: str, says: str
) -> None:
    await gateway.deploy("order.bpmn", SERVICE)
    code, message = await _code(
        gateway.stub.CreateProcessInstance(
            pb.CreateProcessInstanceRequest(bpmnProcessId="order", variables=variables)
        )
    )
    assert code == S.INVALID_ARGUMENT
    assert says in message


async def test_other_invalid_arguments(gateway: Gateway) -> None:
    stub = gateway.stub
    calls: list[tuple[Any, str]] = [
        (stub.DeployResource(pb.DeployResourceRequest()), "at least one resource"),
        (
            stub.DeployResource(
                pb.DeployResourceRequest(
                    resources=[pb.Resource(name="a.bpmn", content=SERVICE.encode())],
                    tenantId="acme",
                )
            ),
            "multi-tenancy",
        ),
        (stub.CreateProcessInstance(pb.CreateProcessInstanceRequest()), "bpmnProcessId"),
        (stub.CompleteJob(pb.CompleteJobRequest(jobKey=0)), "'jobKey' to be a positive key"),
        (
            stub.ThrowError(pb.ThrowErrorRequest(jobKey=2251799813685999)),
            "'errorCode' to be set",
        ),
        (
            stub.UpdateJobRetries(pb.UpdateJobRetriesRequest(jobKey=2251799813685999)),
            "'retries' to be at least 1",
        ),
        (
            stub.EvaluateDecision(pb.EvaluateDecisionRequest()),
            "'decisionKey' or 'decisionId'",
        ),
    ]
    for call, says in calls:
        code, message = await _code(call)
        assert code == S.INVALID_ARGUMENT, message
        assert says in message
    for request in (
        pb.ActivateJobsRequest(type="", worker="w", timeout=1, maxJobsToActivate=1),
        pb.ActivateJobsRequest(type="t", worker="", timeout=1, maxJobsToActivate=1),
        pb.ActivateJobsRequest(type="t", worker="w", timeout=0, maxJobsToActivate=1),
        pb.ActivateJobsRequest(type="t", worker="w", timeout=1, maxJobsToActivate=0),
    ):
        with pytest.raises(grpc.aio.AioRpcError) as refused:
            async for _ in stub.ActivateJobs(request):
                pass
        assert refused.value.code() == S.INVALID_ARGUMENT


async def test_failed_precondition(gateway: Gateway) -> None:
    await gateway.deploy("nostart.bpmn", NO_START)
    code, message = await _code(
        gateway.stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="nostart"))
    )
    assert code == S.FAILED_PRECONDITION and "none start event" in message
    await gateway.deploy("order.bpmn", SERVICE)
    await gateway.client.run_process("order")
    [job] = await gateway.activate("payment")
    await gateway.stub.FailJob(pb.FailJobRequest(jobKey=job.key, retries=0))
    for call in (
        gateway.stub.CompleteJob(pb.CompleteJobRequest(jobKey=job.key)),
        gateway.stub.ThrowError(pb.ThrowErrorRequest(jobKey=job.key, errorCode="X")),
        gateway.stub.FailJob(pb.FailJobRequest(jobKey=job.key, retries=1)),
    ):
        assert (await _code(call))[0] == S.FAILED_PRECONDITION


# What the engine processes today (the gateway forwards these RPCs either way).
PROCESSED = set(merge_processors(_TABLES))


async def test_commands_the_engine_lacks_are_unimplemented_naming_the_issue(
    gateway: Gateway,
) -> None:
    stub = gateway.stub
    calls: list[tuple[Any, Any, str]] = [
        (
            MessageIntent.PUBLISH,
            stub.PublishMessage(pb.PublishMessageRequest(name="m", correlationKey="k")),
            "issue 7",
        ),
        (
            SignalIntent.BROADCAST,
            stub.BroadcastSignal(pb.BroadcastSignalRequest(signalName="s")),
            "issue 7",
        ),
        (
            DecisionEvaluationIntent.EVALUATE,
            stub.EvaluateDecision(pb.EvaluateDecisionRequest(decisionId="d")),
            "EvaluateDecision",
        ),
        (
            ProcessInstanceMigrationIntent.MIGRATE,
            stub.MigrateProcessInstance(
                pb.MigrateProcessInstanceRequest(processInstanceKey=2251799813685999)
            ),
            "migration",
        ),
    ]
    for intent, call, says in calls:
        try:
            await call
        except grpc.aio.AioRpcError as error:
            code, message = error.code(), error.details() or ""
        else:
            code, message = S.OK, ""
        if intent in PROCESSED:  # the engine does it now: no longer UNIMPLEMENTED
            assert code != S.UNIMPLEMENTED, message
        else:
            assert code == S.UNIMPLEMENTED, message
            assert says in message


async def test_the_engines_not_processed_rejection_becomes_unimplemented(scripted: Any) -> None:
    reason = "Expected a command Baton processes, but MESSAGE PUBLISH is not one (yet)"
    stub = await scripted(lambda *_: _rejection(RejectionType.INVALID_ARGUMENT, reason))
    code, message = await _code(
        stub.PublishMessage(pb.PublishMessageRequest(name="m", correlationKey="k"))
    )
    assert code == S.UNIMPLEMENTED
    assert "issue 7" in message
    code, message = await _code(  # the same rejection of a command the engine has: as is
        stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="order"))
    )
    assert (code, message) == (S.INVALID_ARGUMENT, reason)


class ScriptedClient:
    """A `BrokerClient` stand-in whose `send` runs `answer` (to force what a real partition
    does only under load or on a bug)."""

    partition_count = 1

    def __init__(self, answer: Callable[..., Any]) -> None:
        self.answer = answer

    async def send(self, intent: Any, value: Any, key: int = -1, **_: Any) -> Record[Any]:
        result = self.answer(intent, value)
        return await result if asyncio.iscoroutine(result) else result  # type: ignore[no-any-return]


@pytest.fixture
async def scripted() -> AsyncIterator[Callable[[Callable[..., Any]], Any]]:
    servers: list[GrpcGateway] = []
    channels: list[grpc.aio.Channel] = []

    async def start(answer: Callable[..., Any]) -> GatewayStub:
        topology = TopologySource("127.0.0.1", 0, lambda: [PartitionState(1, True)])
        servicer = GatewayServicer(
            BrokerCalls(ScriptedClient(answer)),  # type: ignore[arg-type]
            topology,
            GatewayOptions(with_result_timeout_ms=300),
        )
        server = GrpcGateway(servicer, topology, host="127.0.0.1", port=0)
        await server.start()
        servers.append(server)
        channel = create_insecure_channel(grpc_address=f"127.0.0.1:{server.port}")
        channels.append(channel)
        return GatewayStub(channel)

    yield start
    for channel in channels:
        await channel.close()
    for server in servers:
        await server.stop(0)


def _rejection(rejection_type: RejectionType, reason: str) -> Record[Any]:
    return Record(
        position=2,
        key=-1,
        timestamp=0,
        partition_id=1,
        record_type=RecordType.COMMAND_REJECTION,
        value_type=ValueType.PROCESS_INSTANCE_CREATION,
        intent=ProcessInstanceCreationIntent.CREATE,
        rejection_type=rejection_type,
        rejection_reason=reason,
        value=ProcessInstanceCreationRecordValue(),
    )


async def test_backpressure_is_resource_exhausted(scripted: Any) -> None:
    def refuse(*_: Any) -> Any:
        raise Backpressure(
            "Expected room in partition 1's intake, but 10 commands are waiting",
            partition_id=1,
            limit=10,
        )

    stub = await scripted(refuse)
    code, message = await _code(
        stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="order"))
    )
    assert code == S.RESOURCE_EXHAUSTED and "intake" in message


async def test_backpressure_reaches_pyzeebe_as_back_pressure_error(tmp_path: Path) -> None:
    def refuse(*_: Any) -> Any:
        raise Backpressure("full", partition_id=1, limit=1)

    topology = TopologySource("127.0.0.1", 0, lambda: [PartitionState(1, True)])
    servicer = GatewayServicer(BrokerCalls(ScriptedClient(refuse)), topology)  # type: ignore[arg-type]
    server = GrpcGateway(servicer, topology, host="127.0.0.1", port=0)
    await server.start()
    channel = create_insecure_channel(grpc_address=f"127.0.0.1:{server.port}")
    try:
        with pytest.raises(ZeebeBackPressureError):
            await ZeebeClient(channel).run_process("order")
    finally:
        await channel.close()
        await server.stop(0)


async def test_processing_error_is_internal(scripted: Any) -> None:
    reason = "Expected to process record without errors, but exception occurred with message 'x'"
    stub = await scripted(lambda *_: _rejection(RejectionType.PROCESSING_ERROR, reason))
    code, message = await _code(
        stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="order"))
    )
    assert (code, message) == (S.INTERNAL, reason)


async def test_already_exists_passes_through(scripted: Any) -> None:
    stub = await scripted(lambda *_: _rejection(RejectionType.ALREADY_EXISTS, "dup"))
    code, _ = await _code(
        stub.CreateProcessInstance(pb.CreateProcessInstanceRequest(bpmnProcessId="order"))
    )
    assert code == S.ALREADY_EXISTS


async def test_a_with_result_request_that_times_out_is_deadline_exceeded(scripted: Any) -> None:
    async def never(*_: Any) -> Any:
        await asyncio.Event().wait()

    stub = await scripted(never)
    request = pb.CreateProcessInstanceWithResultRequest(
        request=pb.CreateProcessInstanceRequest(bpmnProcessId="order")
    )
    code, message = await _code(stub.CreateProcessInstanceWithResult(request))
    assert code == S.DEADLINE_EXCEEDED
    assert "within 300 ms" in message
    request.requestTimeout = 100
    code, message = await _code(stub.CreateProcessInstanceWithResult(request))
    assert code == S.DEADLINE_EXCEEDED and "within 100 ms" in message


async def test_a_stopped_partition_is_unavailable(scripted: Any) -> None:
    def stopped(*_: Any) -> Any:
        raise PartitionUnavailable(
            "Expected partition 1 to be running, but it is stopped", partition_id=1
        )

    stub = await scripted(stopped)
    code, _ = await _code(
        stub.CancelProcessInstance(
            pb.CancelProcessInstanceRequest(processInstanceKey=2251799813685999)
        )
    )
    assert code == S.UNAVAILABLE


def test_the_variables_json_is_never_echoed_back() -> None:
    # A refused document may hold secrets: messages name the field and the problem only.
    with pytest.raises(GatewayError) as refused:
        parse_variables('["password=hunter2"]', "variables")
    assert "hunter2" not in refused.value.message
    assert json.dumps(refused.value.message)
