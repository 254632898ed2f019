"""Process instances: creation by id, version or key, the token's path, cancel, business key."""

from __future__ import annotations

from typing import Any

import pytest

from engine.records import RejectionType
from engine.records.intents import (
    JobIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    ProcessInstanceModificationIntent,
    ProcessInstanceResultIntent,
)
from engine.records.record import Record
from engine.records.values import (
    ActivateInstruction,
    JobRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceModificationRecordValue,
    StartInstruction,
    TerminateInstruction,
    VariableInstruction,
)
from engine.testing import EngineHarness, Rejected, bpmn

PI = ProcessInstanceIntent

STRAIGHT = bpmn("""
  <bpmn:process id="straight" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="manual" />
    <bpmn:manualTask id="manual"><bpmn:incoming>f1</bpmn:incoming></bpmn:manualTask>
    <bpmn:sequenceFlow id="f2" sourceRef="manual" targetRef="throw" />
    <bpmn:intermediateThrowEvent id="throw" />
    <bpmn:sequenceFlow id="f3" sourceRef="throw" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

WAIT = bpmn("""
  <bpmn:process id="wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="sub_start" />
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="task" />
      <bpmn:serviceTask id="task">
        <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
      </bpmn:serviceTask>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_a_token_runs_from_start_to_end(h: EngineHarness) -> None:
    h.deploy(STRAIGHT)
    instance = h.create_instance("straight")
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps == [
        ("straight", "ELEMENT_ACTIVATING"),
        ("straight", "ELEMENT_ACTIVATED"),
        ("start", "ELEMENT_ACTIVATING"),
        ("start", "ELEMENT_ACTIVATED"),
        ("start", "ELEMENT_COMPLETING"),
        ("start", "ELEMENT_COMPLETED"),
        ("f1", "SEQUENCE_FLOW_TAKEN"),
        ("manual", "ELEMENT_ACTIVATING"),
        ("manual", "ELEMENT_ACTIVATED"),
        ("manual", "ELEMENT_COMPLETING"),
        ("manual", "ELEMENT_COMPLETED"),
        ("f2", "SEQUENCE_FLOW_TAKEN"),
        ("throw", "ELEMENT_ACTIVATING"),
        ("throw", "ELEMENT_ACTIVATED"),
        ("throw", "ELEMENT_COMPLETING"),
        ("throw", "ELEMENT_COMPLETED"),
        ("f3", "SEQUENCE_FLOW_TAKEN"),
        ("end", "ELEMENT_ACTIVATING"),
        ("end", "ELEMENT_ACTIVATED"),
        ("end", "ELEMENT_COMPLETING"),
        ("end", "ELEMENT_COMPLETED"),
        ("straight", "ELEMENT_COMPLETING"),
        ("straight", "ELEMENT_COMPLETED"),
    ]
    created = h.records.with_intent(ProcessInstanceCreationIntent.CREATED).first()
    assert created.value.process_instance_key == instance
    assert created.value.version == 1
    assert h.engine.state.element_instances.get(instance) is None


def test_create_by_version_and_by_key(h: EngineHarness) -> None:
    v1 = h.deploy(STRAIGHT).processes_metadata[0]
    v2 = h.deploy(STRAIGHT.replace('id="manual"', 'id="manual" name="Manual"'))
    v2_key = v2.processes_metadata[0].process_definition_key
    old = h.create_instance("straight", version=1)
    latest = h.create_instance("straight")
    by_key = h.command(
        ProcessInstanceCreationIntent.CREATE,
        ProcessInstanceCreationRecordValue(process_definition_key=v1.process_definition_key),
    ).value.process_instance_key

    def definition(instance: int) -> int:
        record = h.records.process_instance().with_key(instance).first()
        return int(record.value.process_definition_key)

    assert definition(old) == v1.process_definition_key
    assert definition(latest) == v2_key
    assert definition(by_key) == v1.process_definition_key
    with pytest.raises(Rejected) as rejected:
        h.create_instance("straight", version=7)
    assert rejected.value.record.rejection_type is RejectionType.NOT_FOUND


def test_cancel_terminates_the_instance_and_all_its_children(h: EngineHarness) -> None:
    h.deploy(WAIT)
    instance = h.create_instance("wait")
    [job] = h.jobs.activate("work")
    response = h.cancel(instance)
    assert response.intent is PI.ELEMENT_TERMINATING
    steps = h.records.with_process_instance(instance).element_steps()
    tail = steps[steps.index(("wait", "ELEMENT_TERMINATING")) :]
    assert tail == [
        ("wait", "ELEMENT_TERMINATING"),
        ("sub", "ELEMENT_TERMINATING"),
        ("task", "ELEMENT_TERMINATING"),
        ("task", "ELEMENT_TERMINATED"),
        ("sub", "ELEMENT_TERMINATED"),
        ("wait", "ELEMENT_TERMINATED"),
    ]
    assert h.records.jobs().with_intent(JobIntent.CANCELED)
    assert h.engine.state.jobs.get(job.key) is None
    with pytest.raises(Rejected) as again:
        h.cancel(instance)
    assert again.value.record.rejection_type is RejectionType.NOT_FOUND
    with pytest.raises(Rejected) as late:
        h.jobs.complete(job.key)
    assert late.value.record.rejection_type is RejectionType.NOT_FOUND


def test_business_key_is_unique_among_active_instances(h: EngineHarness) -> None:
    h.deploy(WAIT)
    first = h.create_instance("wait", business_key="order-42")
    with pytest.raises(Rejected) as rejected:
        h.create_instance("wait", business_key="order-42")
    assert rejected.value.record.rejection_type is RejectionType.ALREADY_EXISTS
    assert str(first) in rejected.value.record.rejection_reason
    h.create_instance("wait", business_key="order-43")
    h.cancel(first)
    h.create_instance("wait", business_key="order-42")  # free again once the first ended


def test_a_process_without_none_start_event_cannot_be_created(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="msg" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent>
  </bpmn:process>
  <bpmn:message id="m" name="go" />""")
    )
    with pytest.raises(Rejected) as rejected:
        h.create_instance("msg")
    assert rejected.value.record.rejection_type is RejectionType.INVALID_STATE


def test_start_instructions_start_at_the_named_elements(h: EngineHarness) -> None:
    h.deploy(WAIT)
    instance = h.command(
        ProcessInstanceCreationIntent.CREATE,
        ProcessInstanceCreationRecordValue(
            bpmn_process_id="wait",
            start_instructions=[StartInstruction(element_id="task")],
            variables={"a": 1},
        ),
    ).value.process_instance_key
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps[:6] == [
        ("wait", "ELEMENT_ACTIVATING"),
        ("wait", "ELEMENT_ACTIVATED"),
        ("sub", "ELEMENT_ACTIVATING"),
        ("sub", "ELEMENT_ACTIVATED"),
        ("task", "ELEMENT_ACTIVATING"),
        ("task", "ELEMENT_ACTIVATED"),
    ]
    assert ("start", "ELEMENT_ACTIVATING") not in steps
    h.jobs.complete_all("work")
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "wait",
        "ELEMENT_COMPLETED",
    )
    with pytest.raises(Rejected) as rejected:
        h.command(
            ProcessInstanceCreationIntent.CREATE,
            ProcessInstanceCreationRecordValue(
                bpmn_process_id="wait", start_instructions=[StartInstruction(element_id="nope")]
            ),
        )
    assert rejected.value.record.rejection_type is RejectionType.INVALID_ARGUMENT


def _modify(h: EngineHarness, instance: int, **instructions: Any) -> Record[Any]:
    return h.command(
        ProcessInstanceModificationIntent.MODIFY,
        ProcessInstanceModificationRecordValue(process_instance_key=instance, **instructions),
        key=instance,
    )


TWO_TASKS = bpmn("""
  <bpmn:process id="two" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="first" />
    <bpmn:serviceTask id="first">
      <bpmn:extensionElements><zeebe:taskDefinition type="first" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="first" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="sub_start" />
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="second" />
      <bpmn:serviceTask id="second">
        <bpmn:extensionElements><zeebe:taskDefinition type="second" /></bpmn:extensionElements>
      </bpmn:serviceTask>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f3" sourceRef="sub" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_modification_moves_a_token_and_sets_variables(h: EngineHarness) -> None:
    h.deploy(TWO_TASKS)
    instance = h.create_instance("two")
    first = h.element_instance_key("first")
    response = _modify(
        h,
        instance,
        activate_instructions=[
            ActivateInstruction(
                element_id="second",
                variable_instructions=[VariableInstruction(variables={"skipped": True})],
            )
        ],
        terminate_instructions=[TerminateInstruction(element_instance_key=first)],
    )
    assert response.intent is ProcessInstanceModificationIntent.MODIFIED
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("first", "ELEMENT_TERMINATED") in steps
    assert ("sub_start", "ELEMENT_ACTIVATING") not in steps  # sub created without its start
    assert h.variables(instance) == {"skipped": True}
    [job] = h.jobs.activate("second")
    assert job.variables == {"skipped": True}
    assert h.jobs.activate("first") == []
    h.jobs.complete(job.key)
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "two",
        "ELEMENT_COMPLETED",
    )


def test_modification_is_validated_before_anything_changes(h: EngineHarness) -> None:
    h.deploy(TWO_TASKS)
    instance = h.create_instance("two")
    before = len(h.records.events())
    with pytest.raises(Rejected) as rejected:
        _modify(
            h,
            instance,
            activate_instructions=[ActivateInstruction(element_id="nope")],
            terminate_instructions=[TerminateInstruction(element_instance_key=42)],
        )
    reason = rejected.value.record.rejection_reason
    assert "'nope'" in reason and "42" in reason
    assert len(h.records.events()) == before
    with pytest.raises(Rejected) as missing:
        _modify(h, 12345)
    assert missing.value.record.rejection_type is RejectionType.NOT_FOUND


def test_a_creation_awaiting_the_result_is_answered_when_the_instance_completes(
    h: EngineHarness,
) -> None:
    h.deploy(WAIT)
    created = h.write(
        ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT,
        ProcessInstanceCreationRecordValue(
            bpmn_process_id="wait", variables={"a": 1, "b": 2}, fetch_variables=["a", "done"]
        ),
    )
    assert created.responses == ()  # nothing yet: the answer is the result
    [job] = h.jobs.activate("work")
    completed = h.write(JobIntent.COMPLETE, JobRecordValue(variables={"done": True}), job.key)
    [completion, result] = completed.responses
    assert completion.intent is JobIntent.COMPLETED
    assert result.intent is ProcessInstanceResultIntent.COMPLETED
    assert result.value.variables == {"a": 1, "done": True}
    assert result.position == -1 and result not in h.log
    creation = h.records.commands().with_intent(
        ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT
    )
    assert result.request_id == creation.first().request_id  # the creation's client
    assert result.request_id != completion.request_id
