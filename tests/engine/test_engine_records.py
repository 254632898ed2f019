"""Records: every value type survives MessagePack and exports Zeebe's JSON shape."""

from __future__ import annotations

import json
import typing
from typing import Any

import msgspec
import pytest

from bpmn.model import BpmnElementType
from engine.records import (
    VALUE_TYPES,
    ErrorType,
    JobKind,
    Record,
    RecordCodec,
    RecordDecodeError,
    RecordType,
    RejectionType,
    ValueType,
    ZeebeEnum,
    intents,
    value_type_of,
)
from engine.records import values as v
from engine.records.enums import JobListenerEventType, VariableDocumentUpdateSemantic
from engine.records.intents import Intent, JobIntent, ProcessInstanceIntent, VariableIntent

CODEC = RecordCodec()


def _record(value_type: ValueType, value: v.RecordValue, **metadata: Any) -> Record[Any]:
    fields: dict[str, Any] = {
        "position": 7,
        "source_record_position": 6,
        "key": 2251799813685251,
        "timestamp": 1700000000123,
        "partition_id": 1,
        "record_type": RecordType.EVENT,
        "value_type": value_type,
        "intent": next(iter(VALUE_TYPES[value_type].intent)),
        "value": value,
    }
    fields.update(metadata)
    return Record(**fields)


def test_every_value_type_has_a_value_struct_and_an_intent_enum() -> None:
    assert set(VALUE_TYPES) == set(ValueType)
    assert set(typing.get_args(Intent)) == {info.intent for info in VALUE_TYPES.values()}
    for value_type, info in VALUE_TYPES.items():
        assert value_type_of(info.value()) is value_type


def test_enum_values_are_their_names() -> None:
    enums = [RecordType, ValueType, RejectionType, ErrorType, JobKind, JobListenerEventType]
    enums += [VariableDocumentUpdateSemantic, *typing.get_args(Intent)]
    for enum in enums:
        assert issubclass(enum, ZeebeEnum)
        assert all(member.value == member.name for member in enum)


@pytest.mark.parametrize("value_type", list(VALUE_TYPES), ids=lambda t: t.name)
def test_every_value_type_round_trips(value_type: ValueType) -> None:
    info = VALUE_TYPES[value_type]
    for intent in info.intent:
        record = _record(value_type, info.value(), intent=intent)
        decoded = CODEC.decode(CODEC.encode(record))
        assert decoded == record
        assert type(decoded.intent) is info.intent

    exported = json.loads(_record(value_type, info.value()).to_json())
    assert exported["valueType"] == value_type.name
    assert exported["intent"] == next(iter(info.intent)).name
    # The value's JSON keys are the struct's camelCase names, and the JSON reads back.
    assert list(exported["value"]) == list(info.value.__struct_encode_fields__)
    assert msgspec.convert(exported["value"], info.value) == info.value()


def test_a_rejection_round_trips_with_its_type_and_reason() -> None:
    record = _record(
        ValueType.JOB,
        v.JobRecordValue(type="payment"),
        record_type=RecordType.COMMAND_REJECTION,
        intent=JobIntent.COMPLETE,
        rejection_type=RejectionType.NOT_FOUND,
        rejection_reason="Expected to complete job 7, but found none",
        request_id=12,
        request_stream_id=3,
    )
    decoded = CODEC.decode(CODEC.encode(record))
    assert decoded == record
    exported = json.loads(record.to_json())
    assert exported["rejectionType"] == "NOT_FOUND"
    assert "requestId" not in exported  # routing metadata stays in the log


def test_nested_values_round_trip() -> None:
    deployment = v.DeploymentRecordValue(
        resources=[v.DeploymentResource(resource_name="a.bpmn", resource=b"<xml/>")],
        processes_metadata=[v.ProcessMetadata(bpmn_process_id="a", version=2, checksum=b"\x01")],
        deployment_key=5,
    )
    record = _record(ValueType.DEPLOYMENT, deployment)
    assert CODEC.decode(CODEC.encode(record)) == record
    exported = json.loads(record.to_json())["value"]
    assert exported["resources"] == [{"resourceName": "a.bpmn", "resource": "PHhtbC8+"}]
    assert exported["processesMetadata"][0]["checksum"] == "AQ=="


def test_bad_bytes_are_a_decode_error() -> None:
    with pytest.raises(RecordDecodeError):
        CODEC.decode(b"\x93\x01\x02")
    wire = bytearray(CODEC.encode(_record(ValueType.JOB, v.JobRecordValue())))
    wire = wire.replace(b"CREATED", b"CREATEX")
    with pytest.raises(RecordDecodeError):
        CODEC.decode(bytes(wire))


# Exact exporter JSON for the three records exporters see most, against Zeebe's field names.

EXPECTED_HEAD = (
    '{"partitionId":1,"position":7,"sourceRecordPosition":6,"key":2251799813685251,'
    '"timestamp":1700000000123,"recordType":"EVENT",'
)
EXPECTED_TAIL = (
    '"rejectionType":"NULL_VAL","rejectionReason":"","brokerVersion":"8.6.0",'
    '"recordVersion":1,"authorizations":{},"operationReference":-1,'
)


def test_process_instance_record_json() -> None:
    value = v.ProcessInstanceRecordValue(
        bpmn_process_id="order",
        version=3,
        process_definition_key=2251799813685249,
        process_instance_key=2251799813685250,
        element_id="charge",
        flow_scope_key=2251799813685250,
        bpmn_element_type=BpmnElementType.SERVICE_TASK,
    )
    record = _record(
        ValueType.PROCESS_INSTANCE, value, intent=ProcessInstanceIntent.ELEMENT_ACTIVATED
    )
    assert record.to_json().decode() == (
        EXPECTED_HEAD
        + '"valueType":"PROCESS_INSTANCE","intent":"ELEMENT_ACTIVATED",'
        + EXPECTED_TAIL
        + '"value":{"bpmnProcessId":"order","version":3,'
        '"processDefinitionKey":2251799813685249,"processInstanceKey":2251799813685250,'
        '"elementId":"charge","flowScopeKey":2251799813685250,"bpmnElementType":"SERVICE_TASK",'
        '"parentProcessInstanceKey":-1,"parentElementInstanceKey":-1,'
        '"bpmnEventType":"UNSPECIFIED","tenantId":"<default>"}}'
    )


def test_job_record_json() -> None:
    value = v.JobRecordValue(
        bpmn_process_id="order",
        process_definition_key=2251799813685249,
        process_definition_version=3,
        process_instance_key=2251799813685250,
        element_id="charge",
        element_instance_key=2251799813685251,
        type="payment",
        variables={"amount": 12.5},
        retries=3,
        custom_headers={"method": "card"},
        timeout=300000,
    )
    record = _record(ValueType.JOB, value, intent=JobIntent.CREATED)
    assert record.to_json().decode() == (
        EXPECTED_HEAD + '"valueType":"JOB","intent":"CREATED",' + EXPECTED_TAIL + '"value":{'
        '"bpmnProcessId":"order","processDefinitionKey":2251799813685249,'
        '"processDefinitionVersion":3,"processInstanceKey":2251799813685250,'
        '"elementId":"charge","elementInstanceKey":2251799813685251,"worker":"",'
        '"type":"payment","variables":{"amount":12.5},"retries":3,"jobKind":"BPMN_ELEMENT",'
        '"jobListenerEventType":"UNSPECIFIED","retryBackoff":0,"recurringTime":-1,'
        '"errorMessage":"","errorCode":"","customHeaders":{"method":"card"},"deadline":-1,'
        '"timeout":300000,"tenantId":"<default>","priority":0}}'
    )


def test_variable_record_json() -> None:
    value = v.VariableRecordValue(
        name="amount",
        value="12.5",
        scope_key=2251799813685250,
        process_instance_key=2251799813685250,
        process_definition_key=2251799813685249,
        bpmn_process_id="order",
    )
    record = _record(ValueType.VARIABLE, value, intent=VariableIntent.CREATED)
    assert record.to_json().decode() == (
        EXPECTED_HEAD + '"valueType":"VARIABLE","intent":"CREATED",' + EXPECTED_TAIL + '"value":{'
        '"name":"amount","value":"12.5","scopeKey":2251799813685250,'
        '"processInstanceKey":2251799813685250,"processDefinitionKey":2251799813685249,'
        '"bpmnProcessId":"order","tenantId":"<default>"}}'
    )


def test_intents_module_lists_one_enum_per_value_type() -> None:
    declared = {
        obj
        for obj in vars(intents).values()
        if isinstance(obj, type) and issubclass(obj, ZeebeEnum) and obj is not ZeebeEnum
    }
    assert declared == {info.intent for info in VALUE_TYPES.values()}
