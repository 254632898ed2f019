"""Incidents: where failures stop an element, and how resolving them goes on."""

from __future__ import annotations

import pytest

from engine.records import ErrorType, RejectionType
from engine.records.intents import IncidentIntent, ProcessInstanceIntent
from engine.testing import EngineHarness, Rejected, bpmn

PI = ProcessInstanceIntent


def _task(extension: str) -> str:
    return bpmn(f"""
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>{extension}</bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_a_failing_output_mapping_stops_the_element_completing(h: EngineHarness) -> None:
    h.deploy(
        _task("""<zeebe:taskDefinition type="work" />
        <zeebe:ioMapping>
          <zeebe:output source="=assert(total, total != null)" target="sum" />
        </zeebe:ioMapping>""")
    )
    instance = h.create_instance("p")
    [job] = h.jobs.activate("work")
    h.jobs.complete(job.key, {"other": 1})
    [(key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.IO_MAPPING_ERROR
    task = h.element_instance_key("task")
    assert h.engine.state.element_instances.get(task).state is PI.ELEMENT_COMPLETING
    h.set_variables(task, {"total": 5}, local=True)
    h.resolve_incident(key)
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps[-1] == ("p", "ELEMENT_COMPLETED")
    sums = [r.value.value for r in h.records.variables().events() if r.value.name == "sum"]
    assert sums == ["5"]


def test_a_job_type_that_is_not_a_string_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(_task('<zeebe:taskDefinition type="=kind" />'))
    instance = h.create_instance("p", {"kind": 42})
    [(key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    assert "STRING" in incident.error_message
    h.set_variables(instance, {"kind": "work"})
    h.resolve_incident(key)
    assert h.jobs.complete_all("work") == 1


def test_resolving_twice_or_an_unknown_incident_is_rejected(h: EngineHarness) -> None:
    h.deploy(_task('<zeebe:taskDefinition type="=kind" />'))
    instance = h.create_instance("p", {"kind": 1})
    [(key, _)] = h.open_incidents()
    h.set_variables(instance, {"kind": "work"})
    h.resolve_incident(key)
    with pytest.raises(Rejected) as again:
        h.resolve_incident(key)
    assert again.value.record.rejection_type is RejectionType.NOT_FOUND


def test_a_resolution_that_fails_again_raises_a_new_incident(h: EngineHarness) -> None:
    h.deploy(_task('<zeebe:taskDefinition type="=kind" />'))
    h.create_instance("p", {"kind": 1})
    [(key, _)] = h.open_incidents()
    h.resolve_incident(key)  # nothing fixed
    [(new_key, incident)] = h.open_incidents()
    assert new_key != key
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    assert len(h.records.incidents().with_intent(IncidentIntent.CREATED)) == 2
