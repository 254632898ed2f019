"""Camunda user tasks (`zeebe:userTask`): create, assign, claim, update, complete, cancel."""

from __future__ import annotations

import pytest

from engine.records import RejectionType, ValueType
from engine.records.intents import UserTaskIntent
from engine.testing import EngineHarness, Rejected, bpmn

U = UserTaskIntent

REVIEW = bpmn("""
  <bpmn:process id="review" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve">
      <bpmn:extensionElements>
        <zeebe:userTask />
        <zeebe:assignmentDefinition assignee="=owner" candidateGroups="finance, audit" />
        <zeebe:taskSchedule dueDate="=due" />
        <zeebe:priorityDefinition priority="=70" />
        <zeebe:formDefinition externalReference="https://forms.example/approve" />
        <zeebe:ioMapping><zeebe:output source="=approved" target="approved" /></zeebe:ioMapping>
      </bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def _intents(h: EngineHarness) -> list[str]:
    return [r.intent.name for r in h.records.of_type(ValueType.USER_TASK).events()]


def test_a_user_task_is_created_with_its_properties(h: EngineHarness) -> None:
    h.deploy(REVIEW)
    h.create_instance("review", {"owner": "ada", "due": "2026-12-01T10:00:00Z"})
    created = h.records.of_type(ValueType.USER_TASK).with_intent(U.CREATED).first()
    task = created.value
    assert (task.assignee, task.candidate_groups_list) == ("ada", ["finance", "audit"])
    assert (task.due_date, task.priority) == ("2026-12-01T10:00:00Z", 70)
    assert task.external_form_reference == "https://forms.example/approve"
    assert task.user_task_key == created.key
    assert _intents(h) == ["CREATING", "CREATED"]
    assert h.jobs.activate("io.camunda.zeebe:userTask") == []


def test_assign_claim_update_and_complete(h: EngineHarness) -> None:
    h.deploy(REVIEW)
    instance = h.create_instance("review", {"owner": None})
    key = h.user_tasks.key_of("approve")
    assert h.user_tasks.claim(key, "bob").value.assignee == "bob"
    with pytest.raises(Rejected) as taken:
        h.user_tasks.claim(key, "eve")
    assert taken.value.record.rejection_type is RejectionType.INVALID_STATE
    h.user_tasks.assign(key, "")  # unassign
    h.user_tasks.claim(key, "eve")
    updated = h.user_tasks.update(key, priority=90, candidate_users_list=["eve", "zoe"])
    assert (updated.value.priority, updated.value.candidate_users_list) == (90, ["eve", "zoe"])
    assert updated.value.changed_attributes == ["priority", "candidateUsersList"]
    h.user_tasks.complete(key, {"approved": True, "comment": "fine"})
    assert _intents(h) == [
        "CREATING",
        "CREATED",
        "CLAIMING",
        "ASSIGNED",
        "ASSIGNING",
        "ASSIGNED",
        "CLAIMING",
        "ASSIGNED",
        "UPDATING",
        "UPDATED",
        "COMPLETING",
        "COMPLETED",
    ]
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "review",
        "ELEMENT_COMPLETED",
    )
    names = [r.value.name for r in h.records.variables().events() if r.value.scope_key == instance]
    assert names == ["owner", "approved"]  # the output mapping filtered `comment`
    with pytest.raises(Rejected) as gone:
        h.user_tasks.complete(key)
    assert gone.value.record.rejection_type is RejectionType.NOT_FOUND


def test_cancelling_the_instance_cancels_the_user_task(h: EngineHarness) -> None:
    h.deploy(REVIEW)
    instance = h.create_instance("review", {"owner": "ada"})
    key = h.user_tasks.key_of("approve")
    h.cancel(instance)
    assert _intents(h)[-2:] == ["CANCELING", "CANCELED"]
    assert h.engine.state.user_tasks.get(key) is None


def test_a_user_task_without_zeebe_user_task_is_a_job(h: EngineHarness) -> None:
    h.deploy(REVIEW.replace("<zeebe:userTask />", ""))
    h.create_instance("review", {"owner": "ada"})
    [job] = h.jobs.activate("io.camunda.zeebe:userTask")
    assert job.value.element_id == "approve"
    assert not h.records.of_type(ValueType.USER_TASK)
    h.jobs.complete(job.key, {"approved": False})
