"""Escalation events: throw and end events caught by boundary events (interrupting or not)
and event subprocesses, by code or catch-all, through call activities; uncaught goes on."""

from __future__ import annotations

from engine.records import ValueType
from engine.records.intents import EscalationIntent, ProcessInstanceIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent
ESCALATIONS = (
    '<bpmn:escalation id="late" name="late" escalationCode="LATE" />'
    '<bpmn:escalation id="other" name="other" escalationCode="OTHER" />'
)


def escalations(h: EngineHarness) -> list[tuple[str, str, str]]:
    return [
        (r.intent.name, r.value.escalation_code, r.value.catch_element_id)
        for r in h.records.of_type(ValueType.ESCALATION)
    ]


def sub_process(throw: str, boundary: str) -> str:
    return bpmn(
        f"""
  <bpmn:process id="esc" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="s" />
      <bpmn:sequenceFlow id="s1" sourceRef="s" targetRef="throw" />
      {throw}
      <bpmn:sequenceFlow id="s2" sourceRef="throw" targetRef="task" />
      <bpmn:userTask id="task" />
    </bpmn:subProcess>
    {boundary}
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="caught" targetRef="caught_end" />
    <bpmn:endEvent id="caught_end" />
  </bpmn:process>""",
        ESCALATIONS,
    )


THROW = """<bpmn:intermediateThrowEvent id="throw">
        <bpmn:escalationEventDefinition escalationRef="late" /></bpmn:intermediateThrowEvent>"""


def test_non_interrupting_boundary_lets_the_thrower_go_on(h: EngineHarness) -> None:
    h.deploy(
        sub_process(
            THROW,
            """<bpmn:boundaryEvent id="caught" attachedToRef="sub" cancelActivity="false">
      <bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>""",
        )
    )
    instance = h.create_instance("esc")
    assert escalations(h) == [("ESCALATED", "LATE", "caught")]
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("caught_end", "ELEMENT_COMPLETED") in steps
    assert ("throw", "ELEMENT_COMPLETED") in steps
    assert h.is_active(h.element_instance_key("task"))


def test_interrupting_catch_all_boundary_terminates_the_subprocess(h: EngineHarness) -> None:
    h.deploy(
        sub_process(
            THROW,
            """<bpmn:boundaryEvent id="caught" attachedToRef="sub">
      <bpmn:escalationEventDefinition /></bpmn:boundaryEvent>""",
        )
    )
    instance = h.create_instance("esc")
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("throw", "ELEMENT_TERMINATED") in steps
    assert ("sub", "ELEMENT_TERMINATED") in steps
    assert ("task", "ELEMENT_ACTIVATING") not in steps
    assert steps[-1] == ("esc", "ELEMENT_COMPLETED")


def test_uncaught_escalation_does_not_stop_the_instance(h: EngineHarness) -> None:
    h.deploy(
        sub_process(
            THROW.replace('escalationRef="late"', 'escalationRef="other"'),
            """<bpmn:boundaryEvent id="caught" attachedToRef="sub">
      <bpmn:escalationEventDefinition escalationRef="late" /></bpmn:boundaryEvent>""",
        )
    )
    instance = h.create_instance("esc")
    assert escalations(h) == [("NOT_ESCALATED", "OTHER", "")]
    assert h.open_incidents() == []
    assert h.is_active(h.element_instance_key("task"))
    assert h.is_active(instance)


def test_escalation_event_subprocess_and_end_event_through_a_call_activity(
    h: EngineHarness,
) -> None:
    h.deploy(
        bpmn(
            """
  <bpmn:process id="parent" isExecutable="true">
    <bpmn:startEvent id="p_start" />
    <bpmn:sequenceFlow id="p1" sourceRef="p_start" targetRef="call" />
    <bpmn:callActivity id="call">
      <bpmn:extensionElements><zeebe:calledElement processId="child" /></bpmn:extensionElements>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="p2" sourceRef="call" targetRef="p_end" />
    <bpmn:endEvent id="p_end" />
    <bpmn:subProcess id="handler" triggeredByEvent="true">
      <bpmn:startEvent id="h_start" isInterrupting="false">
        <bpmn:escalationEventDefinition escalationRef="late" />
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="h1" sourceRef="h_start" targetRef="h_end" />
      <bpmn:endEvent id="h_end" />
    </bpmn:subProcess>
  </bpmn:process>
  <bpmn:process id="child" isExecutable="true">
    <bpmn:startEvent id="c_start" />
    <bpmn:sequenceFlow id="c1" sourceRef="c_start" targetRef="c_end" />
    <bpmn:endEvent id="c_end">
      <bpmn:escalationEventDefinition escalationRef="late" />
    </bpmn:endEvent>
  </bpmn:process>""",
            ESCALATIONS,
        )
    )
    instance = h.create_instance("parent")
    assert escalations(h) == [("ESCALATED", "LATE", "h_start")]
    handler = h.records.process_instance().with_element_id("handler")
    assert handler.with_intent(PI.ELEMENT_COMPLETED).first() is not None
    assert not h.is_active(instance)
    assert [r.intent for r in h.records.of_type(ValueType.ESCALATION)] == [
        EscalationIntent.ESCALATED
    ]
