"""Execution listeners: start and end listener jobs run in order around an element."""

from __future__ import annotations

from engine.records import ErrorType, JobKind, JobListenerEventType
from engine.records.intents import JobIntent
from engine.testing import EngineHarness, bpmn

LISTENED = bpmn("""
  <bpmn:process id="listened" isExecutable="true">
    <bpmn:extensionElements>
      <zeebe:executionListeners>
        <zeebe:executionListener eventType="end" type="audit-end" />
      </zeebe:executionListeners>
    </bpmn:extensionElements>
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="work" />
        <zeebe:executionListeners>
          <zeebe:executionListener eventType="start" type="before-1" />
          <zeebe:executionListener eventType="start" type="before-2" retries="1" />
          <zeebe:executionListener eventType="end" type="after" />
        </zeebe:executionListeners>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_listener_jobs_run_in_order_around_the_element(h: EngineHarness) -> None:
    h.deploy(LISTENED)
    instance = h.create_instance("listened")
    assert h.jobs.activate("work") == []
    [first] = h.jobs.activate("before-1")
    assert first.value.job_kind is JobKind.EXECUTION_LISTENER
    assert first.value.job_listener_event_type is JobListenerEventType.START
    assert h.jobs.activate("before-2") == []
    h.jobs.complete(first.key, {"checked": True})
    [second] = h.jobs.activate("before-2")
    h.jobs.complete(second.key)
    [work] = h.jobs.activate("work")
    assert work.variables["checked"] is True  # a start listener's variables are local
    h.jobs.complete(work.key)
    [after] = h.jobs.activate("after")
    assert after.value.job_listener_event_type is JobListenerEventType.END
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "task",
        "ELEMENT_COMPLETING",
    )
    h.jobs.complete(after.key)
    [audit] = h.jobs.activate("audit-end")  # the process's own end listener
    assert audit.value.element_id == "listened"
    h.jobs.complete(audit.key)
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "listened",
        "ELEMENT_COMPLETED",
    )


def test_a_listener_without_retries_raises_its_own_incident(h: EngineHarness) -> None:
    h.deploy(LISTENED)
    h.create_instance("listened")
    h.jobs.complete_all("before-1")
    [second] = h.jobs.activate("before-2")
    h.jobs.fail(second.key, retries=0, error_message="audit down")
    [(key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.EXECUTION_LISTENER_NO_RETRIES
    h.jobs.update_retries(second.key, 1)
    h.resolve_incident(key)
    h.jobs.complete_all("before-2")
    assert h.jobs.complete_all("work") == 1


def test_cancelling_cancels_a_pending_listener_job(h: EngineHarness) -> None:
    h.deploy(LISTENED)
    instance = h.create_instance("listened")
    [first] = h.jobs.activate("before-1")
    h.cancel(instance)
    assert h.records.jobs().with_intent(JobIntent.CANCELED).first().key == first.key
    assert h.engine.state.jobs.get(first.key) is None
