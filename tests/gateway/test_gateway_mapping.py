"""The pure parts of the gateway: the error table, variables documents, request → command and
record → reply mappings."""

from __future__ import annotations

import json

import grpc
import pytest
from pyzeebe.proto import gateway_pb2 as pb

from broker import ActivatedJob, Backpressure, BatchTooLarge, PartitionUnavailable, StorageError
from engine import Record, RecordType, RejectionType, ValueType
from engine.records.enums import VariableDocumentUpdateSemantic
from engine.records.intents import (
    DeploymentIntent,
    JobIntent,
    ProcessInstanceCreationIntent,
)
from engine.records.values import (
    DecisionEvaluationRecordValue,
    DeploymentRecordValue,
    JobBatchRecordValue,
    JobRecordValue,
    MappingInstruction,
    MessageRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceMigrationRecordValue,
    ProcessMetadata,
    SignalRecordValue,
)
from gateway.errors import WIRE, ErrorKind, GatewayError, from_broker_error, from_rejection
from gateway.grpc import _replies as replies
from gateway.grpc import _requests as requests
from gateway.variables import parse_variables


def test_every_rejection_type_has_a_wire_status() -> None:
    for rejection in RejectionType:
        if rejection is not RejectionType.NULL_VAL:
            assert ErrorKind(rejection.value) in WIRE
    assert set(WIRE) == set(ErrorKind)


@pytest.mark.parametrize(
    ("rejection", "code", "http"),
    [
        (RejectionType.NOT_FOUND, grpc.StatusCode.NOT_FOUND, 404),
        (RejectionType.INVALID_ARGUMENT, grpc.StatusCode.INVALID_ARGUMENT, 400),
        (RejectionType.ALREADY_EXISTS, grpc.StatusCode.ALREADY_EXISTS, 400),
        (RejectionType.INVALID_STATE, grpc.StatusCode.FAILED_PRECONDITION, 409),
        (RejectionType.PROCESSING_ERROR, grpc.StatusCode.INTERNAL, 500),
        (RejectionType.UNAUTHORIZED, grpc.StatusCode.UNAUTHENTICATED, 401),
        (RejectionType.FORBIDDEN, grpc.StatusCode.PERMISSION_DENIED, 403),
    ],
)
def test_rejections_map_as_zeebe_does(
    rejection: RejectionType, code: grpc.StatusCode, http: int
) -> None:
    record: Record[JobRecordValue] = Record(
        position=1,
        key=5,
        timestamp=0,
        partition_id=1,
        record_type=RecordType.COMMAND_REJECTION,
        value_type=ValueType.JOB,
        intent=JobIntent.COMPLETE,
        rejection_type=rejection,
        rejection_reason="Expected to X, but Y",
        value=JobRecordValue(),
    )
    error = from_rejection(record)
    assert (error.wire.grpc_code, error.wire.http_status) == (code, http)
    assert error.message == "Expected to X, but Y"
    assert error.wire.title == rejection.name


def test_broker_errors_map_to_backpressure_unavailable_and_internal() -> None:
    cases = [
        (Backpressure("full", partition_id=1, limit=2), grpc.StatusCode.RESOURCE_EXHAUSTED, 503),
        (PartitionUnavailable("down", partition_id=1), grpc.StatusCode.UNAVAILABLE, 503),
        (BatchTooLarge("big", size=9, limit=1), grpc.StatusCode.INVALID_ARGUMENT, 400),
        (StorageError("disk"), grpc.StatusCode.INTERNAL, 500),
    ]
    for broker_error, code, http in cases:
        error = from_broker_error(broker_error)
        assert (error.wire.grpc_code, error.wire.http_status) == (code, http)
    assert from_broker_error(cases[0][0]).wire.title == "RESOURCE_EXHAUSTED"


def test_variables_documents() -> None:
    assert parse_variables("", "variables") == {}
    assert parse_variables("  ", "variables") == {}
    assert parse_variables('{"a": [1, {"b": null}], "n": 1e400}', "v")["a"] == [1, {"b": None}]
    for text in ("[" * 100_000, '{"a": ' * 50_000):  # too deep for the parser: refused, no crash
        with pytest.raises(GatewayError) as deep:
            parse_variables(text, "variables", limit=10**6)
        assert "'variables'" in deep.value.message
    with pytest.raises(GatewayError) as bad:
        parse_variables('{"a": Infinity}', "variables")
    assert "not valid JSON" in bad.value.message
    with pytest.raises(GatewayError) as big:
        parse_variables('{"a": "ééé"}', "variables", limit=10)
    assert "at most 10 bytes" in big.value.message


def test_create_request_to_command() -> None:
    command = requests.create_process_instance(
        pb.CreateProcessInstanceRequest(
            bpmnProcessId="order",
            variables='{"x": 1}',
            startInstructions=[pb.ProcessInstanceCreationStartInstruction(elementId="task")],
        )
    )
    assert command.intent is ProcessInstanceCreationIntent.CREATE
    value = command.value
    assert isinstance(value, ProcessInstanceCreationRecordValue)
    assert (value.bpmn_process_id, value.version, value.variables) == ("order", -1, {"x": 1})
    assert [i.element_id for i in value.start_instructions] == ["task"]
    with_result = requests.create_process_instance_with_result(
        pb.CreateProcessInstanceWithResultRequest(
            request=pb.CreateProcessInstanceRequest(processDefinitionKey=7, bpmnProcessId="x"),
            fetchVariables=["a"],
        )
    )
    assert with_result.intent is ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT
    assert isinstance(with_result.value, ProcessInstanceCreationRecordValue)
    assert with_result.value.fetch_variables == ["a"]
    assert with_result.value.process_definition_key == 7
    assert with_result.value.bpmn_process_id == ""  # the key wins


def test_job_requests_to_commands() -> None:
    fail = requests.fail_job(
        pb.FailJobRequest(jobKey=9, retries=2, errorMessage="e", retryBackOff=50, variables="")
    )
    assert (fail.intent, fail.key) == (JobIntent.FAIL, 9)
    assert fail.value == JobRecordValue(retries=2, error_message="e", retry_backoff=50)
    local = requests.set_variables(pb.SetVariablesRequest(elementInstanceKey=3, local=True))
    assert local.value.update_semantics is VariableDocumentUpdateSemantic.LOCAL  # type: ignore[attr-defined]
    deploy = requests.deploy_resource(
        pb.DeployResourceRequest(resources=[pb.Resource(name="a.dmn", content=b"<x/>")])
    )
    assert deploy.intent is DeploymentIntent.CREATE


def test_replies_from_records() -> None:
    deployed: Record[DeploymentRecordValue] = Record(
        position=3,
        key=42,
        timestamp=0,
        partition_id=1,
        record_type=RecordType.EVENT,
        value_type=ValueType.DEPLOYMENT,
        intent=DeploymentIntent.CREATED,
        value=DeploymentRecordValue(
            processes_metadata=[
                ProcessMetadata(
                    bpmn_process_id="p", version=2, process_definition_key=7, resource_name="p.bpmn"
                )
            ]
        ),
    )
    reply = replies.deploy_resource(deployed)
    assert reply.key == 42
    assert reply.deployments[0].process.processDefinitionKey == 7
    batch = JobBatchRecordValue(
        job_keys=[11],
        jobs=[JobRecordValue(type="t", variables={"é": 1}, custom_headers={"h": "v"}, retries=3)],
    )
    [job] = replies.activated_jobs(batch)
    assert (job.key, job.type, job.retries) == (11, "t", 3)
    assert json.loads(job.variables) == {"é": 1}
    assert json.loads(job.customHeaders) == {"h": "v"}


def test_activated_jobs_are_split_into_responses_under_the_size() -> None:
    jobs = [
        ActivatedJob(k, JobRecordValue(type="t", variables={"blob": "x" * 400}))
        for k in range(1, 8)
    ]
    one = replies.activated_job(1, jobs[0].job).ByteSize() + 8
    limit = int(one * 2.5)  # room for two jobs per response, not three
    responses = list(replies.job_responses(jobs, max_bytes=limit))
    assert [len(r.jobs) for r in responses] == [2, 2, 2, 1]
    assert [j.key for r in responses for j in r.jobs] == list(range(1, 8))
    assert all(r.ByteSize() <= limit for r in responses)
    assert list(replies.job_responses([], max_bytes=1000)) == []
    [alone] = replies.job_responses(jobs[:1], max_bytes=10)  # too big alone: still sent
    assert len(alone.jobs) == 1


def test_message_signal_decision_and_migration_requests() -> None:
    message = requests.publish_message(
        pb.PublishMessageRequest(
            name="paid",
            correlationKey="order-1",
            timeToLive=5000,
            messageId="m1",
            variables='{"x": 1}',
        )
    )
    assert message.value == MessageRecordValue(
        name="paid",
        correlation_key="order-1",
        time_to_live=5000,
        message_id="m1",
        variables={"x": 1},
    )
    with pytest.raises(GatewayError, match="'timeToLive'"):
        requests.publish_message(pb.PublishMessageRequest(name="m", timeToLive=-1))
    signal = requests.broadcast_signal(pb.BroadcastSignalRequest(signalName="stop"))
    assert signal.value == SignalRecordValue(signal_name="stop")
    decision = requests.evaluate_decision(pb.EvaluateDecisionRequest(decisionKey=5))
    assert decision.value == DecisionEvaluationRecordValue(decision_key=5)
    with pytest.raises(GatewayError, match="got both"):
        requests.evaluate_decision(pb.EvaluateDecisionRequest(decisionKey=5, decisionId="d"))
    M = pb.MigrateProcessInstanceRequest
    migration = requests.migrate_process_instance(
        M(
            processInstanceKey=9,
            migrationPlan=M.MigrationPlan(
                targetProcessDefinitionKey=3,
                mappingInstructions=[
                    M.MappingInstruction(sourceElementId="a", targetElementId="b")
                ],
            ),
        )
    )
    assert migration.key == 9
    assert migration.value == ProcessInstanceMigrationRecordValue(
        process_instance_key=9,
        target_process_definition_key=3,
        mapping_instructions=[MappingInstruction(source_element_id="a", target_element_id="b")],
    )
