"""Compensation: handlers of completed activities run in reverse order of completion when a
compensation throw or end event is reached (all, or one activity), also for what completed
inside subprocesses and multi-instance activities; a saga rolled back on a BPMN error."""

from __future__ import annotations

from engine.records import ValueType
from engine.records.intents import CompensationSubscriptionIntent, ProcessInstanceIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent


def task(element_id: str, job_type: str, extra: str = "") -> str:
    return (
        f'<bpmn:serviceTask id="{element_id}" {extra}><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type}" /></bpmn:extensionElements></bpmn:serviceTask>'
    )


def compensable(element_id: str, handler: str) -> str:
    return (
        task(element_id, element_id)
        + f'<bpmn:boundaryEvent id="{element_id}_comp" attachedToRef="{element_id}">'
        "<bpmn:compensateEventDefinition /></bpmn:boundaryEvent>"
        + task(handler, handler, 'isForCompensation="true"')
        + f'<bpmn:association id="{element_id}_assoc" associationDirection="One" '
        f'sourceRef="{element_id}_comp" targetRef="{handler}" />'
    )


SAGA = bpmn(
    f"""
  <bpmn:process id="saga" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="reserve" />
    {compensable("reserve", "release")}
    <bpmn:sequenceFlow id="f2" sourceRef="reserve" targetRef="charge" />
    {compensable("charge", "refund")}
    <bpmn:sequenceFlow id="f3" sourceRef="charge" targetRef="ship" />
    {task("ship", "ship")}
    <bpmn:boundaryEvent id="ship_failed" attachedToRef="ship">
      <bpmn:errorEventDefinition errorRef="err" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f4" sourceRef="ship" targetRef="done" />
    <bpmn:endEvent id="done" />
    <bpmn:sequenceFlow id="f5" sourceRef="ship_failed" targetRef="undo" />
    <bpmn:endEvent id="undo"><bpmn:compensateEventDefinition /></bpmn:endEvent>
  </bpmn:process>
  <bpmn:error id="err" name="cannot ship" errorCode="CANNOT_SHIP" />"""
)


def activated(h: EngineHarness, instance: int) -> list[str]:
    return [
        r.value.element_id
        for r in h.records.with_process_instance(instance)
        .process_instance()
        .with_intent(PI.ELEMENT_ACTIVATING)
    ]


def test_saga_rolls_back_what_was_done_in_reverse_order(h: EngineHarness) -> None:
    h.deploy(SAGA)
    instance = h.create_instance("saga")
    h.jobs.complete_all("reserve")
    h.jobs.complete_all("charge")
    created = h.records.of_type(ValueType.COMPENSATION_SUBSCRIPTION).with_intent(
        CompensationSubscriptionIntent.CREATED
    )
    assert [r.value.compensable_activity_id for r in created] == ["reserve", "charge"]
    [ship] = h.jobs.activate("ship")
    h.jobs.throw_error(ship.key, "CANNOT_SHIP")
    order = activated(h, instance)
    assert order[-2:] == ["refund", "release"]  # reverse order of completion
    assert h.is_active(h.element_instance_key("undo"))  # waits for the handlers
    assert h.jobs.complete_all("release") == 1
    assert h.is_active(instance)
    assert h.jobs.complete_all("refund") == 1
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("undo", "ELEMENT_COMPLETED") in steps
    assert steps[-1] == ("saga", "ELEMENT_COMPLETED")
    assert h.engine.state.compensations.of_instance(instance) == []


def test_a_completed_saga_compensates_nothing_and_keeps_no_subscription(h: EngineHarness) -> None:
    h.deploy(SAGA)
    instance = h.create_instance("saga")
    for job_type in ("reserve", "charge", "ship"):
        h.jobs.complete_all(job_type)
    assert not h.is_active(instance)
    assert h.engine.state.compensations.of_instance(instance) == []


def test_throw_for_one_activity_inside_a_subprocess_and_multi_instance(h: EngineHarness) -> None:
    h.deploy(
        bpmn(
            f"""
  <bpmn:process id="comp" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="s" />
      <bpmn:sequenceFlow id="s1" sourceRef="s" targetRef="book" />
      {
                compensable("book", "cancel_booking").replace(
                    'id="book" >',
                    'id="book" ><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements>'
                    '<zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="item" />'
                    "</bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>",
                )
            }
      <bpmn:sequenceFlow id="s2" sourceRef="book" targetRef="notify" />
      {compensable("notify", "unnotify")}
      <bpmn:sequenceFlow id="s3" sourceRef="notify" targetRef="throw" />
      <bpmn:intermediateThrowEvent id="throw">
        <bpmn:compensateEventDefinition activityRef="book" />
      </bpmn:intermediateThrowEvent>
      <bpmn:sequenceFlow id="s4" sourceRef="throw" targetRef="s_end" />
      <bpmn:endEvent id="s_end" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>"""
        )
    )
    instance = h.create_instance("comp")
    assert h.jobs.complete_all("book") == 2
    assert h.jobs.complete_all("notify") == 1
    # Only `book` is compensated: once per completed inner instance; `notify` is not.
    assert activated(h, instance).count("cancel_booking") == 2
    assert "unnotify" not in activated(h, instance)
    assert h.jobs.complete_all("cancel_booking") == 2
    assert not h.is_active(instance)
