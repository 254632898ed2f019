"""Conditional events (intermediate catch, boundary, event subprocess) re-evaluated when
variables change, with `zeebe:conditionalFilter`; message throw events as jobs."""

from __future__ import annotations

from engine.records.intents import ProcessInstanceIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent


def condition(text: str, names: str = "", events: str = "") -> str:
    attributes = ""
    if names:
        attributes += f' variableNames="{names}"'
    if events:
        attributes += f' variableEvents="{events}"'
    extension = (
        f"<bpmn:extensionElements><zeebe:conditionalFilter{attributes} /></bpmn:extensionElements>"
        if attributes
        else ""
    )
    return (
        f"<bpmn:conditionalEventDefinition>{extension}"
        f"<bpmn:condition>{text}</bpmn:condition></bpmn:conditionalEventDefinition>"
    )


def completed(h: EngineHarness, element_id: str) -> int:
    stream = h.records.process_instance().with_element_id(element_id)
    return len(stream.with_intent(PI.ELEMENT_COMPLETED))


def test_intermediate_conditional_waits_until_variables_make_it_true(h: EngineHarness) -> None:
    h.deploy(
        bpmn(f"""
  <bpmn:process id="cond" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">{condition("=stock &gt; 10", names="stock")}
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
    )
    ready = h.create_instance("cond", {"stock": 20})
    assert not h.is_active(ready)  # true at activation: completes at once
    waiting = h.create_instance("cond", {"stock": 1})
    h.set_variables(waiting, {"other": 99})  # filtered out: not `stock`
    h.set_variables(waiting, {"stock": 5})
    assert h.is_active(waiting)
    h.set_variables(waiting, {"stock": 11})
    assert not h.is_active(waiting)


def test_boundary_and_event_subprocess_conditions(h: EngineHarness) -> None:
    h.deploy(
        bpmn(f"""
  <bpmn:process id="cond" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="warn" attachedToRef="work" cancelActivity="false">
      {condition("=risk &gt; 5", events="update")}
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="abort" attachedToRef="work">{condition("=abort = true")}
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="warn" targetRef="warned" />
    <bpmn:endEvent id="warned" />
    <bpmn:sequenceFlow id="f4" sourceRef="abort" targetRef="aborted" />
    <bpmn:endEvent id="aborted" />
    <bpmn:subProcess id="audit" triggeredByEvent="true">
      <bpmn:startEvent id="audit_start" isInterrupting="false">
        {condition("=amount &gt; 1000", names="amount")}
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="a1" sourceRef="audit_start" targetRef="audit_end" />
      <bpmn:endEvent id="audit_end" />
    </bpmn:subProcess>
  </bpmn:process>""")
    )
    instance = h.create_instance("cond", {"risk": 0})
    h.set_variables(instance, {"risk": 9, "amount": 5000})
    assert completed(h, "warned") == 1
    assert completed(h, "audit") == 1
    h.set_variables(instance, {"new_var": 1})  # neither filter matches; abort is unset
    assert completed(h, "warned") == 1
    h.set_variables(instance, {"abort": True})
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("work", "ELEMENT_TERMINATED") in steps
    assert ("aborted", "ELEMENT_COMPLETED") in steps
    assert not h.is_active(instance)


def test_message_throw_event_is_a_job(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="notify" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="send" />
    <bpmn:intermediateThrowEvent id="send">
      <bpmn:extensionElements><zeebe:taskDefinition type="send" /></bpmn:extensionElements>
      <bpmn:messageEventDefinition />
    </bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="send" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
    )
    instance = h.create_instance("notify")
    assert h.jobs.complete_all("send") == 1
    assert not h.is_active(instance)
