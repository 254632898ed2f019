"""Terminate end events and link events."""

from __future__ import annotations

from engine.testing import EngineHarness, bpmn


def test_terminate_end_event_ends_the_other_branches(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="term" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="slow" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="stop" />
    <bpmn:serviceTask id="slow">
      <bpmn:extensionElements><zeebe:taskDefinition type="slow" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
  </bpmn:process>""")
    )
    instance = h.create_instance("term")
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("slow", "ELEMENT_TERMINATED") in steps
    assert ("stop", "ELEMENT_COMPLETED") in steps
    assert steps[-1] == ("term", "ELEMENT_COMPLETED")
    assert not h.is_active(instance)


def test_terminate_end_event_in_a_subprocess_ends_only_the_subprocess(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="sub" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="inner" />
    <bpmn:subProcess id="inner">
      <bpmn:startEvent id="s" />
      <bpmn:sequenceFlow id="i1" sourceRef="s" targetRef="fork" />
      <bpmn:parallelGateway id="fork" />
      <bpmn:sequenceFlow id="i2" sourceRef="fork" targetRef="task" />
      <bpmn:sequenceFlow id="i3" sourceRef="fork" targetRef="stop" />
      <bpmn:userTask id="task" />
      <bpmn:endEvent id="stop"><bpmn:terminateEventDefinition /></bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="inner" targetRef="after" />
    <bpmn:serviceTask id="after">
      <bpmn:extensionElements><zeebe:taskDefinition type="after" /></bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>""")
    )
    instance = h.create_instance("sub")
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("task", "ELEMENT_TERMINATED") in steps
    assert ("inner", "ELEMENT_COMPLETED") in steps
    assert h.is_active(instance)
    assert h.jobs.complete_all("after") == 1
    assert not h.is_active(instance)


def test_link_throw_continues_at_the_link_catch(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="link" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="jump" />
    <bpmn:intermediateThrowEvent id="jump">
      <bpmn:linkEventDefinition name="page2" />
    </bpmn:intermediateThrowEvent>
    <bpmn:intermediateCatchEvent id="land">
      <bpmn:linkEventDefinition name="page2" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="land" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
    )
    instance = h.create_instance("link")
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps.index(("jump", "ELEMENT_COMPLETED")) < steps.index(("land", "ELEMENT_ACTIVATING"))
    assert steps[-1] == ("link", "ELEMENT_COMPLETED")
