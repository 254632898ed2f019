"""Signal events: start events, intermediate catch, boundary (interrupting and not), event
subprocess starts, throw and end events; broadcast to every partition."""

from __future__ import annotations

from engine.records import ValueType
from engine.records.intents import ProcessInstanceIntent, SignalIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent
SIGNALS = (
    '<bpmn:signal id="sig_go" name="go" /><bpmn:signal id="sig_stop" name="stop" />'
    '<bpmn:signal id="sig_ping" name="ping" />'
)


def completed(h: EngineHarness, element_id: str) -> int:
    return len(
        h.records.process_instance().with_element_id(element_id).with_intent(PI.ELEMENT_COMPLETED)
    )


WAITER = bpmn(
    """
  <bpmn:process id="waiter" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="pinged" attachedToRef="work" cancelActivity="false">
      <bpmn:signalEventDefinition signalRef="sig_ping" />
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="stopped" attachedToRef="work">
      <bpmn:signalEventDefinition signalRef="sig_stop" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="go_wait" />
    <bpmn:intermediateCatchEvent id="go_wait">
      <bpmn:signalEventDefinition signalRef="sig_go" />
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="go_wait" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f4" sourceRef="pinged" targetRef="ping_end" />
    <bpmn:endEvent id="ping_end" />
    <bpmn:sequenceFlow id="f5" sourceRef="stopped" targetRef="stop_end" />
    <bpmn:endEvent id="stop_end" />
  </bpmn:process>
  <bpmn:process id="starter" isExecutable="true">
    <bpmn:startEvent id="on_go"><bpmn:signalEventDefinition signalRef="sig_go" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="s1" sourceRef="on_go" targetRef="started" />
    <bpmn:endEvent id="started" />
  </bpmn:process>""",
    SIGNALS,
)


def test_signal_boundary_catch_and_start_events(h: EngineHarness) -> None:
    h.deploy(WAITER)
    first = h.create_instance("waiter")
    second = h.create_instance("waiter")
    h.broadcast("ping", {"n": 1})
    assert completed(h, "ping_end") == 2
    h.broadcast("stop")
    assert completed(h, "stop_end") == 2
    assert not h.is_active(first) and not h.is_active(second)
    third = h.create_instance("waiter")
    h.jobs.complete_all("work")
    assert h.is_active(third)
    h.broadcast("go", {"why": "now"})
    assert not h.is_active(third)
    assert completed(h, "started") == 1  # the signal start event of `starter`
    assert h.engine.state.signals.subscriptions("<default>", "ping") == []


def test_signal_throw_end_and_event_subprocess(h: EngineHarness) -> None:
    h.deploy(
        bpmn(
            """
  <bpmn:process id="listener" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:userTask id="task" />
    <bpmn:subProcess id="on_ping" triggeredByEvent="true">
      <bpmn:startEvent id="ping_start" isInterrupting="false">
        <bpmn:signalEventDefinition signalRef="sig_ping" />
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="p1" sourceRef="ping_start" targetRef="ping_end" />
      <bpmn:endEvent id="ping_end" />
    </bpmn:subProcess>
    <bpmn:subProcess id="on_stop" triggeredByEvent="true">
      <bpmn:startEvent id="stop_start">
        <bpmn:signalEventDefinition signalRef="sig_stop" />
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="s1" sourceRef="stop_start" targetRef="stop_end" />
      <bpmn:endEvent id="stop_end" />
    </bpmn:subProcess>
  </bpmn:process>
  <bpmn:process id="thrower" isExecutable="true">
    <bpmn:startEvent id="t_start" />
    <bpmn:sequenceFlow id="t1" sourceRef="t_start" targetRef="throw_ping" />
    <bpmn:intermediateThrowEvent id="throw_ping">
      <bpmn:extensionElements>
        <zeebe:ioMapping>
          <zeebe:input source="=&quot;hello&quot;" target="greeting" />
        </zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:signalEventDefinition signalRef="sig_ping" />
    </bpmn:intermediateThrowEvent>
    <bpmn:sequenceFlow id="t2" sourceRef="throw_ping" targetRef="throw_stop" />
    <bpmn:endEvent id="throw_stop">
      <bpmn:signalEventDefinition signalRef="sig_stop" />
    </bpmn:endEvent>
  </bpmn:process>""",
            SIGNALS,
        )
    )
    listener = h.create_instance("listener")
    thrower = h.create_instance("thrower")
    assert not h.is_active(thrower)
    [ping, stop] = h.records.of_type(ValueType.SIGNAL).with_intent(SignalIntent.BROADCASTED)
    assert ping.value.variables == {"greeting": "hello"}
    assert stop.value.signal_name == "stop"
    # Both signals are thrown in one batch: "stop" interrupts the scope while the
    # non-interrupting "on_ping" subprocess runs, which is terminated with it.
    on_ping = h.records.process_instance().with_element_id("on_ping").events().intents()
    assert on_ping[0] is PI.ELEMENT_ACTIVATING and on_ping[-1] is PI.ELEMENT_TERMINATED
    steps = h.records.with_process_instance(listener).element_steps()
    assert ("task", "ELEMENT_TERMINATED") in steps
    assert ("stop_end", "ELEMENT_COMPLETED") in steps
    assert not h.is_active(listener)


def test_broadcast_goes_to_every_other_partition() -> None:
    h = EngineHarness(2, partition_count=3)
    h.deploy(WAITER)
    h.broadcast("go")
    assert sorted(send.partition_id for send in h.outbox) == [1, 3]
    [send] = [s for s in h.outbox if s.partition_id == 3]
    other = EngineHarness(3, partition_count=3)
    other.deploy(WAITER)
    other.deliver(send.command)
    assert other.outbox == []  # a copy is not sent on
    assert completed(other, "started") == 1
    h.assert_replay_matches()
    other.assert_replay_matches()
