"""Embedded subprocesses: scope, mappings, completion, error end events, termination."""

from __future__ import annotations

import pytest

from engine.records import ErrorType
from engine.records.intents import ProcessInstanceIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent

NESTED = bpmn("""
  <bpmn:process id="nested" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="outer" />
    <bpmn:subProcess id="outer">
      <bpmn:extensionElements>
        <zeebe:ioMapping>
          <zeebe:input source="=order.items" target="items" />
          <zeebe:output source="=count(items)" target="itemCount" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:startEvent id="outer_start" />
      <bpmn:sequenceFlow id="o1" sourceRef="outer_start" targetRef="inner" />
      <bpmn:subProcess id="inner">
        <bpmn:startEvent id="inner_start" />
        <bpmn:sequenceFlow id="i1" sourceRef="inner_start" targetRef="pack" />
        <bpmn:serviceTask id="pack">
          <bpmn:extensionElements><zeebe:taskDefinition type="pack" /></bpmn:extensionElements>
        </bpmn:serviceTask>
        <bpmn:sequenceFlow id="i2" sourceRef="pack" targetRef="inner_end" />
        <bpmn:endEvent id="inner_end" />
      </bpmn:subProcess>
      <bpmn:sequenceFlow id="o2" sourceRef="inner" targetRef="outer_end" />
      <bpmn:endEvent id="outer_end" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="outer" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_nested_subprocesses_scope_variables_and_complete_inside_out(h: EngineHarness) -> None:
    h.deploy(NESTED)
    instance = h.create_instance("nested", {"order": {"items": ["a", "b", "c"]}})
    outer = h.element_instance_key("outer")
    assert h.variables(outer) == {"items": ["a", "b", "c"]}
    [job] = h.jobs.activate("pack")
    assert job.variables["items"] == ["a", "b", "c"]
    h.jobs.complete(job.key, {"packed": True})
    steps = h.records.with_process_instance(instance).element_steps()
    tail = steps[steps.index(("pack", "ELEMENT_COMPLETED")) :]
    assert [step for step in tail if step[1] in ("ELEMENT_COMPLETED",)] == [
        ("pack", "ELEMENT_COMPLETED"),
        ("inner_end", "ELEMENT_COMPLETED"),
        ("inner", "ELEMENT_COMPLETED"),
        ("outer_end", "ELEMENT_COMPLETED"),
        ("outer", "ELEMENT_COMPLETED"),
        ("end", "ELEMENT_COMPLETED"),
        ("nested", "ELEMENT_COMPLETED"),
    ]
    # The output mapping of `outer` produced itemCount; `packed` propagated to the root.
    created = {r.value.name: r.value for r in h.records.variables().events()}
    assert created["itemCount"].scope_key == instance
    assert created["itemCount"].value == "3"
    assert created["packed"].scope_key == instance


ERROR_END = bpmn("""
  <bpmn:process id="validate" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="check" />
    <bpmn:subProcess id="check">
      <bpmn:startEvent id="check_start" />
      <bpmn:sequenceFlow id="c1" sourceRef="check_start" targetRef="fork" />
      <bpmn:parallelGateway id="fork" />
      <bpmn:sequenceFlow id="c2" sourceRef="fork" targetRef="slow" />
      <bpmn:sequenceFlow id="c3" sourceRef="fork" targetRef="valid" />
      <bpmn:serviceTask id="slow">
        <bpmn:extensionElements><zeebe:taskDefinition type="slow" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:exclusiveGateway id="valid" default="ok" />
      <bpmn:sequenceFlow id="bad" sourceRef="valid" targetRef="invalid">
        <bpmn:conditionExpression>= amount &lt; 0</bpmn:conditionExpression>
      </bpmn:sequenceFlow>
      <bpmn:sequenceFlow id="ok" sourceRef="valid" targetRef="fine" />
      <bpmn:endEvent id="fine" />
      <bpmn:endEvent id="invalid">
        <bpmn:errorEventDefinition errorRef="negative" />
      </bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="on_error" attachedToRef="check">
      <bpmn:errorEventDefinition />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="check" targetRef="accepted" />
    <bpmn:endEvent id="accepted" />
    <bpmn:sequenceFlow id="f3" sourceRef="on_error" targetRef="rejected" />
    <bpmn:endEvent id="rejected" />
  </bpmn:process>
  <bpmn:error id="negative" name="Negative" errorCode="NEGATIVE" />""")


def test_an_error_end_event_terminates_its_scope_for_a_catch_all_boundary(
    h: EngineHarness,
) -> None:
    h.deploy(ERROR_END)
    instance = h.create_instance("validate", {"amount": -5})
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("slow", "ELEMENT_TERMINATED") in steps
    assert ("invalid", "ELEMENT_TERMINATED") in steps
    assert ("check", "ELEMENT_TERMINATED") in steps
    assert steps[-3:] == [
        ("rejected", "ELEMENT_COMPLETED"),
        ("validate", "ELEMENT_COMPLETING"),
        ("validate", "ELEMENT_COMPLETED"),
    ]
    assert ("accepted", "ELEMENT_ACTIVATING") not in steps
    assert h.jobs.activate("slow") == []


def test_without_an_error_the_subprocess_waits_for_all_its_branches(h: EngineHarness) -> None:
    h.deploy(ERROR_END)
    instance = h.create_instance("validate", {"amount": 5})
    assert not h.records.with_element_id("check").with_intent(PI.ELEMENT_COMPLETED)
    h.jobs.complete_all("slow")
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps[-1] == ("validate", "ELEMENT_COMPLETED")
    assert ("accepted", "ELEMENT_COMPLETED") in steps


def test_an_uncaught_error_end_event_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(
        ERROR_END.replace(
            "<bpmn:errorEventDefinition />",
            "<bpmn:timerEventDefinition>"
            "<bpmn:timeDuration>PT1H</bpmn:timeDuration>"
            "</bpmn:timerEventDefinition>",
        )
    )
    h.create_instance("validate", {"amount": -1})
    [(_, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.UNHANDLED_ERROR_EVENT
    assert incident.element_id == "invalid"


def test_unsupported_elements_raise_an_incident_instead_of_failing(
    h: EngineHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every event Baton parses runs now; pretend conditional catch events do not.
    from bpmn.model import BpmnElementType, BpmnEventType
    from engine.processing.bpmn import SUPPORTED_EVENTS

    monkeypatch.setitem(
        SUPPORTED_EVENTS,
        BpmnElementType.INTERMEDIATE_CATCH_EVENT,
        frozenset({BpmnEventType.TIMER}),
    )
    h.deploy(
        bpmn("""
  <bpmn:process id="timer" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <bpmn:intermediateCatchEvent id="wait">
      <bpmn:conditionalEventDefinition>
        <bpmn:condition>=x &gt; 1</bpmn:condition>
      </bpmn:conditionalEventDefinition>
    </bpmn:intermediateCatchEvent>
  </bpmn:process>""")
    )
    instance = h.create_instance("timer")
    [(_, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.UNKNOWN
    assert "not supported yet" in incident.error_message
    h.cancel(instance)
    assert h.open_incidents() == []


EVENT_SUBPROCESS = bpmn("""
  <bpmn:process id="esp" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="f2" sourceRef="fork" targetRef="charge" />
    <bpmn:sequenceFlow id="f3" sourceRef="fork" targetRef="notify" />
    <bpmn:serviceTask id="charge">
      <bpmn:extensionElements><zeebe:taskDefinition type="charge" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:serviceTask id="notify">
      <bpmn:extensionElements><zeebe:taskDefinition type="notify" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:subProcess id="on_declined" triggeredByEvent="true">
      <bpmn:startEvent id="declined_start">
        <bpmn:errorEventDefinition errorRef="declined" />
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="e1" sourceRef="declined_start" targetRef="refund" />
      <bpmn:serviceTask id="refund">
        <bpmn:extensionElements><zeebe:taskDefinition type="refund" /></bpmn:extensionElements>
      </bpmn:serviceTask>
    </bpmn:subProcess>
  </bpmn:process>
  <bpmn:error id="declined" name="Declined" errorCode="DECLINED" />""")


def test_an_error_event_subprocess_interrupts_its_scope(h: EngineHarness) -> None:
    h.deploy(EVENT_SUBPROCESS)
    instance = h.create_instance("esp")
    [charge] = h.jobs.activate("charge")
    h.jobs.throw_error(charge.key, "DECLINED")
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("notify", "ELEMENT_TERMINATED") in steps
    assert ("charge", "ELEMENT_TERMINATED") in steps
    assert h.jobs.activate("notify") == []
    assert h.jobs.complete_all("refund") == 1
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps[-4:] == [
        ("on_declined", "ELEMENT_COMPLETING"),
        ("on_declined", "ELEMENT_COMPLETED"),
        ("esp", "ELEMENT_COMPLETING"),
        ("esp", "ELEMENT_COMPLETED"),
    ]
    esp = h.records.process_instance().with_element_id("on_declined").first()
    assert esp.value.bpmn_element_type.name == "EVENT_SUB_PROCESS"


AD_HOC = bpmn("""
  <bpmn:process id="adhoc" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="checks" />
    <bpmn:adHocSubProcess id="checks">
      <bpmn:extensionElements>
        <zeebe:adHoc activeElementsCollection="=wanted" />
      </bpmn:extensionElements>
      <bpmn:serviceTask id="credit">
        <bpmn:extensionElements><zeebe:taskDefinition type="credit" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:serviceTask id="fraud">
        <bpmn:extensionElements><zeebe:taskDefinition type="fraud" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:sequenceFlow id="a1" sourceRef="fraud" targetRef="report" />
      <bpmn:serviceTask id="report">
        <bpmn:extensionElements><zeebe:taskDefinition type="report" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:completionCondition>= rejected = true</bpmn:completionCondition>
    </bpmn:adHocSubProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="checks" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_an_ad_hoc_subprocess_activates_the_chosen_elements(h: EngineHarness) -> None:
    h.deploy(AD_HOC)
    instance = h.create_instance("adhoc", {"wanted": ["fraud"], "rejected": False})
    assert h.jobs.activate("credit") == []
    assert h.jobs.complete_all("fraud") == 1
    assert h.jobs.complete_all("report") == 1  # flows inside are followed
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "adhoc",
        "ELEMENT_COMPLETED",
    )


def test_the_completion_condition_cancels_the_remaining_elements(h: EngineHarness) -> None:
    h.deploy(AD_HOC)
    instance = h.create_instance("adhoc", {"wanted": ["credit", "fraud"], "rejected": False})
    h.jobs.complete_all("credit", {"rejected": True})
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("fraud", "ELEMENT_TERMINATED") in steps
    assert steps[-1] == ("adhoc", "ELEMENT_COMPLETED")


def test_an_unknown_active_element_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(AD_HOC)
    h.create_instance("adhoc", {"wanted": ["report"]})  # has an incoming flow
    [(_, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.EXTRACT_VALUE_ERROR
    assert incident.element_id == "checks"
