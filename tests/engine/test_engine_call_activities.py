"""Call activities: child instances, variable propagation both ways, cancellation both ways,
bindings, errors bubbling out of the child."""

from __future__ import annotations

import pytest

from engine.records import ErrorType, RejectionType
from engine.records.intents import ProcessInstanceIntent
from engine.testing import EngineHarness, Rejected, bpmn

PI = ProcessInstanceIntent


def _parent(extra: str = "", called: str = 'processId="child"') -> str:
    return bpmn(f"""
  <bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="call" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements>
        <zeebe:calledElement {called} />
        {extra}
      </bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="f2" sourceRef="call" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:boundaryEvent id="failed" attachedToRef="call">
      <bpmn:errorEventDefinition errorRef="boom" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="failed" targetRef="compensate" />
    <bpmn:endEvent id="compensate" />
  </bpmn:process>
  <bpmn:error id="boom" name="Boom" errorCode="BOOM" />""")


CHILD = bpmn("""
  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="child_start" />
    <bpmn:sequenceFlow id="c1" sourceRef="child_start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="c2" sourceRef="work" targetRef="child_end" />
    <bpmn:endEvent id="child_end" />
  </bpmn:process>""")


def _child_key(h: EngineHarness) -> int:
    activating = h.records.process_instance().with_element_id("child").first()
    return int(activating.key)


def test_the_child_gets_the_parent_variables_and_returns_its_own(h: EngineHarness) -> None:
    h.deploy(CHILD)
    h.deploy(_parent())
    parent = h.create_instance("parent", {"order": 7})
    child = _child_key(h)
    record = h.records.process_instance().with_key(child).first()
    assert record.value.parent_process_instance_key == parent
    assert record.value.parent_element_instance_key == h.element_instance_key("call")
    assert h.variables(child) == {"order": 7}
    [job] = h.jobs.activate("work")
    assert job.value.process_instance_key == child
    h.jobs.complete(job.key, {"shipped": True})
    steps = h.records.with_process_instance(parent).element_steps()
    assert steps[-2:] == [("parent", "ELEMENT_COMPLETING"), ("parent", "ELEMENT_COMPLETED")]
    created = {r.value.name: r.value for r in h.records.variables().events()}
    assert created["shipped"].process_instance_key in (child, parent)
    shipped = [
        r.value.scope_key for r in h.records.variables().events() if r.value.name == "shipped"
    ]
    assert shipped == [child, parent]


def test_propagation_flags_and_output_mappings(h: EngineHarness) -> None:
    h.deploy(CHILD)
    h.deploy(
        _parent(
            extra="""<zeebe:ioMapping>
              <zeebe:input source="=order" target="id" />
              <zeebe:output source="=shipped" target="done" />
            </zeebe:ioMapping>""",
            called='processId="child" propagateAllParentVariables="false"',
        )
    )
    parent = h.create_instance("parent", {"order": 7, "secret": "x"})
    assert h.variables(_child_key(h)) == {"id": 7}
    h.jobs.complete_all("work", {"shipped": True, "noise": 1})
    in_parent = [
        r.value.name for r in h.records.variables().events() if r.value.scope_key == parent
    ]
    assert in_parent == ["order", "secret", "done"]  # output mappings filter the child's


def test_cancelling_the_parent_terminates_the_child(h: EngineHarness) -> None:
    h.deploy(CHILD)
    h.deploy(_parent())
    parent = h.create_instance("parent")
    child = _child_key(h)
    [job] = h.jobs.activate("work")
    with pytest.raises(Rejected) as rejected:
        h.cancel(child)
    assert rejected.value.record.rejection_type is RejectionType.INVALID_STATE
    h.cancel(parent)
    assert h.records.process_instance().with_key(child).intents()[-1] is PI.ELEMENT_TERMINATED
    assert h.records.process_instance().with_key(parent).intents()[-1] is PI.ELEMENT_TERMINATED
    assert h.engine.state.jobs.get(job.key) is None


def test_an_error_in_the_child_is_caught_by_the_call_activity(h: EngineHarness) -> None:
    h.deploy(CHILD)
    h.deploy(_parent())
    parent = h.create_instance("parent")
    child = _child_key(h)
    [job] = h.jobs.activate("work")
    h.jobs.throw_error(job.key, "BOOM")
    assert h.records.process_instance().with_key(child).intents()[-1] is PI.ELEMENT_TERMINATED
    steps = h.records.with_process_instance(parent).element_steps()
    assert ("failed", "ELEMENT_COMPLETED") in steps
    assert steps[-1] == ("parent", "ELEMENT_COMPLETED")


def test_a_missing_called_process_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(_parent())
    h.create_instance("parent")
    [(key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.CALLED_ELEMENT_ERROR
    h.deploy(CHILD)
    h.resolve_incident(key)
    assert h.jobs.complete_all("work") == 1


def test_version_tag_binding(h: EngineHarness) -> None:
    tagged = CHILD.replace(
        '<bpmn:startEvent id="child_start" />',
        '<bpmn:extensionElements><zeebe:versionTag value="v1" /></bpmn:extensionElements>'
        '<bpmn:startEvent id="child_start" />',
    )
    h.deploy(tagged)
    h.deploy(CHILD.replace('type="work"', 'type="newer"'))
    h.deploy(_parent(called='processId="child" bindingType="versionTag" versionTag="v1"'))
    h.create_instance("parent")
    assert h.records.process_instance().with_element_id("child").first().value.version == 1
    assert h.jobs.complete_all("work") == 1
