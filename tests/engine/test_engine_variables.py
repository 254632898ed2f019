"""Variables: scopes, input/output mappings with Zeebe's propagation, set variables."""

from __future__ import annotations

import pytest

from engine.records import ErrorType, RejectionType
from engine.records.intents import VariableIntent
from engine.testing import EngineHarness, Rejected, bpmn, decode_variable


def _task(mappings: str = "", task_type: str = "work") -> str:
    return bpmn(f"""
  <bpmn:process id="vars" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:extensionElements>
        <zeebe:ioMapping><zeebe:input source="=0" target="counter" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:startEvent id="sub_start" />
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="task" />
      <bpmn:serviceTask id="task">
        <bpmn:extensionElements>
          <zeebe:taskDefinition type="{task_type}" />
          {mappings}
        </bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:sequenceFlow id="s2" sourceRef="task" targetRef="sub_end" />
      <bpmn:endEvent id="sub_end" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="wait" />
    <bpmn:userTask id="wait" />
  </bpmn:process>""")


def _variables(h: EngineHarness) -> list[tuple[str, str, object]]:
    """(intent, name, value) of every VARIABLE event, in order."""
    return [
        (r.intent.name, r.value.name, decode_variable(r)) for r in h.records.variables().events()
    ]


def test_creation_variables_live_in_the_root_scope(h: EngineHarness) -> None:
    h.deploy(_task())
    instance = h.create_instance("vars", {"order": {"id": 7}, "total": 12.5})
    assert h.variables(instance) == {"order": {"id": 7}, "total": 12.5}
    created = h.records.variables().with_intent(VariableIntent.CREATED).first()
    assert created.value.scope_key == instance
    assert created.value.value == '{"id":7}'


def test_input_mappings_create_local_variables_with_nested_targets(h: EngineHarness) -> None:
    h.deploy(
        _task("""<zeebe:ioMapping>
            <zeebe:input source="=order.id" target="id" />
            <zeebe:input source="=id * 2" target="payload.double" />
            <zeebe:input source="=&quot;card&quot;" target="payload.method" />
          </zeebe:ioMapping>""")
    )
    instance = h.create_instance("vars", {"order": {"id": 7}})
    task = h.element_instance_key("task")
    assert h.variables(task) == {"id": 7, "payload": {"double": 14, "method": "card"}}
    assert "id" not in h.variables(instance)
    [job] = h.jobs.activate("work")
    assert job.variables["payload"] == {"double": 14, "method": "card"}
    assert job.variables["counter"] == 0  # from the subprocess scope
    h.jobs.complete(job.key)


def test_output_mappings_filter_what_leaves_the_task(h: EngineHarness) -> None:
    h.deploy(
        _task("""<zeebe:ioMapping>
            <zeebe:output source="=result.status" target="status" />
            <zeebe:output source="=result.amount" target="receipt.amount" />
          </zeebe:ioMapping>""")
    )
    instance = h.create_instance("vars", {"receipt": {"number": "R-1"}})
    [job] = h.jobs.activate("work")
    h.jobs.complete(job.key, {"result": {"status": "paid", "amount": 3}, "noise": True})
    # Only the mapped targets reach the process; the job's own variables stayed local and
    # ended with the task. A nested target merges into the existing variable.
    assert h.variables(instance) == {
        "receipt": {"number": "R-1", "amount": 3},
        "status": "paid",
    }
    assert ("CREATED", "noise", True) in _variables(h)  # local to the task, then gone


def test_without_output_mappings_job_variables_propagate(h: EngineHarness) -> None:
    h.deploy(_task())
    instance = h.create_instance("vars", {"total": 1})
    sub = h.element_instance_key("sub")
    [job] = h.jobs.activate("work")
    h.jobs.complete(job.key, {"counter": 5, "total": 2, "fresh": "yes"})
    # counter is defined in the subprocess: updated there (and gone with it); total in the
    # root: updated; fresh is new: created in the root scope.
    assert ("UPDATED", "counter", 5) in _variables(h)
    counter = h.records.variables().with_intent(VariableIntent.UPDATED).first()
    assert counter.value.scope_key == sub
    assert h.variables(instance) == {"total": 2, "fresh": "yes"}


def test_unchanged_values_write_no_update(h: EngineHarness) -> None:
    h.deploy(_task())
    instance = h.create_instance("vars", {"total": 1})
    [job] = h.jobs.activate("work")
    h.jobs.complete(job.key, {"total": 1})
    assert [v for v in _variables(h) if v[1] == "total"] == [("CREATED", "total", 1)]
    assert h.variables(instance) == {"total": 1}


def test_set_variables_local_or_propagated(h: EngineHarness) -> None:
    h.deploy(_task())
    instance = h.create_instance("vars", {"a": 1})
    sub = h.element_instance_key("sub")
    h.set_variables(sub, {"a": 2, "b": 3}, local=True)
    assert h.variables(sub) == {"counter": 0, "a": 2, "b": 3}
    assert h.variables(instance) == {"a": 1}
    h.set_variables(sub, {"counter": 9, "c": 4})
    assert h.variables(sub)["counter"] == 9
    assert h.variables(instance) == {"a": 1, "c": 4}
    with pytest.raises(Rejected) as rejected:
        h.set_variables(123, {"x": 1})
    assert rejected.value.record.rejection_type is RejectionType.NOT_FOUND
    [job] = h.jobs.activate("work")
    assert job.variables == {"a": 2, "b": 3, "c": 4, "counter": 9}


def test_a_failing_mapping_raises_an_incident_that_resolving_retries(h: EngineHarness) -> None:
    h.deploy(
        _task("""<zeebe:ioMapping>
            <zeebe:input source="=assert(limit, limit != null)" target="limit" />
          </zeebe:ioMapping>""")
    )
    instance = h.create_instance("vars")
    [(incident_key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.IO_MAPPING_ERROR
    assert incident.element_id == "task"
    assert h.jobs.activate("work") == []
    h.set_variables(instance, {"limit": 10})
    h.resolve_incident(incident_key)
    [job] = h.jobs.activate("work")
    assert job.variables["limit"] == 10
    assert h.open_incidents() == []
