"""Timer events: catch, boundary (interrupting, cycles), start events, event subprocesses,
event-based gateways; never early, overdue at once; a two-week timer in milliseconds."""

from __future__ import annotations

from engine.records import ValueType
from engine.records.intents import JobIntent, ProcessInstanceIntent, TimerIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent
DAY_MS = 86_400_000


def _timer(kind: str, text: str) -> str:
    return (
        f"<bpmn:timerEventDefinition><bpmn:{kind}>{text}</bpmn:{kind}></bpmn:timerEventDefinition>"
    )


def _catch(element_id: str, kind: str, text: str) -> str:
    return (
        f'<bpmn:intermediateCatchEvent id="{element_id}">{_timer(kind, text)}'
        "</bpmn:intermediateCatchEvent>"
    )


def timers(h: EngineHarness) -> list[tuple[str, str]]:
    return [
        (r.intent.name, r.value.target_element_id)
        for r in h.records.of_type(ValueType.TIMER).events()
    ]


CATCH = bpmn(f"""
  <bpmn:process id="wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="timer" />
    {_catch("timer", "timeDuration", "=delay")}
    <bpmn:sequenceFlow id="f2" sourceRef="timer" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_two_week_timer_fires_at_its_due_date_never_earlier(h: EngineHarness) -> None:
    h.deploy(CATCH)
    start = h.clock.now
    instance = h.create_instance("wait", {"delay": "P14D"})
    [created] = h.records.of_type(ValueType.TIMER).with_intent(TimerIntent.CREATED)
    assert created.value.due_date == start + 14 * DAY_MS
    assert created.value.element_instance_key == h.element_instance_key("timer")
    h.clock.advance(ms=14 * DAY_MS - 1)
    assert h.is_active(instance)
    assert timers(h) == [("CREATED", "timer")]
    h.clock.advance(ms=1)
    assert timers(h) == [("CREATED", "timer"), ("TRIGGERED", "timer")]
    assert not h.is_active(instance)
    assert ("end", "ELEMENT_COMPLETED") in h.records.element_steps()


def test_an_early_trigger_is_rejected_and_a_second_one_not_found(h: EngineHarness) -> None:
    h.deploy(CATCH)
    h.create_instance("wait", {"delay": "PT1M"})
    timer_key = h.records.of_type(ValueType.TIMER).first().key
    from engine.records.values import TimerRecordValue

    early = h.write(TimerIntent.TRIGGER, TimerRecordValue(), timer_key)
    assert early.responses[0].rejection_type.name == "INVALID_STATE"
    h.clock.advance(minutes=1)
    late = h.write(TimerIntent.TRIGGER, TimerRecordValue(), timer_key)
    assert late.responses[0].rejection_type.name == "NOT_FOUND"


def test_overdue_timers_fire_at_once_after_a_restart(h: EngineHarness) -> None:
    h.deploy(CATCH)
    instance = h.create_instance("wait", {"delay": "PT5S"})
    # The broker was down for an hour: the scheduler's first look finds the timer overdue.
    h.clock.now += 3_600_000
    [due] = h.engine.due_commands(h.clock.now)
    assert due.intent is TimerIntent.TRIGGER
    h.run_due()
    assert not h.is_active(instance)


BOUNDARY = bpmn(f"""
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pay" />
    <bpmn:serviceTask id="pay">
      <bpmn:extensionElements><zeebe:taskDefinition type="pay" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="timeout" attachedToRef="pay">
      {_timer("timeDuration", "PT15M")}
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="remind" attachedToRef="pay" cancelActivity="false">
      {_timer("timeCycle", "R3/PT5M")}
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="pay" targetRef="done" />
    <bpmn:endEvent id="done" />
    <bpmn:sequenceFlow id="f3" sourceRef="timeout" targetRef="cancelled" />
    <bpmn:endEvent id="cancelled" />
    <bpmn:sequenceFlow id="f4" sourceRef="remind" targetRef="reminded" />
    <bpmn:endEvent id="reminded" />
  </bpmn:process>""")


def test_boundary_timers_cycle_while_the_task_runs_then_interrupt_it(h: EngineHarness) -> None:
    h.deploy(BOUNDARY)
    instance = h.create_instance("order")
    for _ in range(2):
        h.clock.advance(minutes=5)
    reminded = h.records.process_instance().with_element_id("reminded")
    assert len(reminded.with_intent(PI.ELEMENT_COMPLETED)) == 2
    assert h.is_active(h.element_instance_key("pay"))
    h.clock.advance(minutes=5)  # 15 minutes: the third reminder and the time-out together
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("pay", "ELEMENT_TERMINATED") in steps
    assert ("cancelled", "ELEMENT_COMPLETED") in steps
    assert steps[-1] == ("order", "ELEMENT_COMPLETED")
    assert h.records.jobs().with_intent(JobIntent.CANCELED).first().value.element_id == "pay"
    assert h.engine.state.timers.due_until(2**62).__next__ is not None
    assert list(h.engine.state.timers.due_until(2**62)) == []


def test_completing_the_task_cancels_its_boundary_timers(h: EngineHarness) -> None:
    h.deploy(BOUNDARY)
    instance = h.create_instance("order")
    h.jobs.complete_all("pay")
    assert not h.is_active(instance)
    canceled = h.records.of_type(ValueType.TIMER).with_intent(TimerIntent.CANCELED)
    assert sorted(r.value.target_element_id for r in canceled) == ["remind", "timeout"]
    h.clock.advance(hours=1)
    assert len(h.records.of_type(ValueType.TIMER).with_intent(TimerIntent.TRIGGERED)) == 0


def test_timer_start_event_cycle_and_a_new_version_replaces_it(h: EngineHarness) -> None:
    def process(cycle: str, task: str) -> str:
        return bpmn(f"""
  <bpmn:process id="report" isExecutable="true">
    <bpmn:startEvent id="every">{_timer("timeCycle", cycle)}</bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="every" targetRef="{task}" />
    <bpmn:task id="{task}" />
    <bpmn:sequenceFlow id="f2" sourceRef="{task}" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")

    h.deploy(process("R/PT1H", "v1"))
    h.clock.advance(hours=2)
    started = (
        h.records.process_instance().with_element_id("report").with_intent(PI.ELEMENT_COMPLETED)
    )
    assert len(started) == 2
    assert ("every", "ELEMENT_COMPLETED") in h.records.element_steps()
    h.deploy(process("R2/PT1M", "v2"))
    assert timers(h)[-2:] == [("CANCELED", "every"), ("CREATED", "every")]
    h.clock.advance(hours=3)
    v2 = h.records.process_instance().with_element_id("v2").with_intent(PI.ELEMENT_COMPLETED)
    assert len(v2) == 2
    assert (
        len(h.records.process_instance().with_element_id("v1").with_intent(PI.ELEMENT_COMPLETED))
        == 2
    )


def test_timer_date_in_the_past_fires_at_once(h: EngineHarness) -> None:
    h.deploy(
        bpmn(f"""
  <bpmn:process id="past" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="t" />
    {_catch("t", "timeDate", "2020-01-01T00:00:00Z")}
    <bpmn:sequenceFlow id="f2" sourceRef="t" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
    )
    instance = h.create_instance("past")
    h.run_due()
    assert not h.is_active(instance)


ESP = bpmn(f"""
  <bpmn:process id="esp" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:subProcess id="nag" triggeredByEvent="true">
      <bpmn:startEvent id="nag_start" isInterrupting="false">
        {_timer("timeCycle", "R/PT10M")}
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="n1" sourceRef="nag_start" targetRef="nag_end" />
      <bpmn:endEvent id="nag_end" />
    </bpmn:subProcess>
    <bpmn:subProcess id="expire" triggeredByEvent="true">
      <bpmn:startEvent id="expire_start">{_timer("timeDuration", "PT1H")}</bpmn:startEvent>
      <bpmn:sequenceFlow id="e1" sourceRef="expire_start" targetRef="expire_end" />
      <bpmn:endEvent id="expire_end" />
    </bpmn:subProcess>
  </bpmn:process>""")


def test_timer_event_subprocesses_non_interrupting_repeat_interrupting_ends(
    h: EngineHarness,
) -> None:
    h.deploy(ESP)
    instance = h.create_instance("esp")
    h.clock.advance(minutes=35)
    nags = h.records.process_instance().with_element_id("nag").with_intent(PI.ELEMENT_COMPLETED)
    assert len(nags) == 3
    assert h.is_active(h.element_instance_key("work"))
    h.clock.advance(minutes=25)
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("work", "ELEMENT_TERMINATED") in steps
    assert ("expire_end", "ELEMENT_COMPLETED") in steps
    assert steps[-1] == ("esp", "ELEMENT_COMPLETED")
    assert list(h.engine.state.timers.due_until(2**62)) == []


def test_event_based_gateway_takes_the_first_timer(h: EngineHarness) -> None:
    h.deploy(
        bpmn(f"""
  <bpmn:process id="race" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:eventBasedGateway id="gw" />
    <bpmn:sequenceFlow id="f2" sourceRef="gw" targetRef="fast" />
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="slow" />
    {_catch("fast", "timeDuration", "PT1M")}
    {_catch("slow", "timeDuration", "PT1H")}
    <bpmn:sequenceFlow id="f4" sourceRef="fast" targetRef="end_fast" />
    <bpmn:sequenceFlow id="f5" sourceRef="slow" targetRef="end_slow" />
    <bpmn:endEvent id="end_fast" />
    <bpmn:endEvent id="end_slow" />
  </bpmn:process>""")
    )
    instance = h.create_instance("race")
    assert timers(h) == [("CREATED", "fast"), ("CREATED", "slow")]
    h.clock.advance(minutes=1)
    assert timers(h)[2:] == [("TRIGGERED", "fast"), ("CANCELED", "slow")]
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("fast", "ELEMENT_COMPLETED") in steps
    assert ("slow", "ELEMENT_ACTIVATING") not in steps
    assert not h.is_active(instance)
    h.clock.advance(hours=1)
    assert len(timers(h)) == 4


def test_an_invalid_feel_timer_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(CATCH)
    h.create_instance("wait", {"delay": "soon"})
    [(_, incident)] = h.open_incidents()
    assert "timeDuration" in incident.error_message


def test_restart_keeps_timers_and_fires_overdue_ones(h: EngineHarness) -> None:
    from engine import Engine

    h.deploy(BOUNDARY)
    instance = h.create_instance("order")
    h.engine = Engine(h.store, h.partition_id)
    h.clock.advance(hours=1)
    steps = h.records.with_process_instance(instance).element_steps()
    assert ("cancelled", "ELEMENT_COMPLETED") in steps


def test_boundary_timer_on_a_multi_instance_activity_belongs_to_the_body(
    h: EngineHarness,
) -> None:
    h.deploy(
        bpmn(f"""
  <bpmn:process id="mi" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="each" />
    <bpmn:serviceTask id="each">
      <bpmn:extensionElements><zeebe:taskDefinition type="each" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=[1, 2, 3]" inputElement="item" />
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="late" attachedToRef="each">{_timer("timeDuration", "PT1H")}
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="each" targetRef="end" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="late_end" />
    <bpmn:endEvent id="late_end" />
  </bpmn:process>""")
    )
    instance = h.create_instance("mi")
    assert timers(h) == [("CREATED", "late")]  # one timer, on the body, not per instance
    [job, *_] = h.jobs.activate("each")
    h.jobs.complete(job.key)
    h.clock.advance(hours=1)
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps.count(("each", "ELEMENT_TERMINATED")) == 3  # two inner instances + body
    assert steps[-1] == ("mi", "ELEMENT_COMPLETED")


def test_non_interrupting_event_subprocesses_run_concurrently(h: EngineHarness) -> None:
    h.deploy(
        bpmn(f"""
  <bpmn:process id="many" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:userTask id="work" />
    <bpmn:subProcess id="remind" triggeredByEvent="true">
      <bpmn:startEvent id="r_start" isInterrupting="false">
        {_timer("timeCycle", "R3/PT1M")}
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="r1" sourceRef="r_start" targetRef="call" />
      <bpmn:serviceTask id="call">
        <bpmn:extensionElements><zeebe:taskDefinition type="call" /></bpmn:extensionElements>
      </bpmn:serviceTask>
    </bpmn:subProcess>
  </bpmn:process>""")
    )
    instance = h.create_instance("many")
    h.clock.advance(minutes=3)
    running = h.records.process_instance().with_element_id("remind")
    assert len(running.with_intent(PI.ELEMENT_ACTIVATED)) == 3
    assert h.jobs.complete_all("call") == 3
    assert h.is_active(instance)
    assert h.is_active(h.element_instance_key("work"))


def test_next_due_date_tells_the_scheduler_when_to_look(h: EngineHarness) -> None:
    assert h.engine.next_due_date() is None
    h.deploy(CATCH)
    h.create_instance("wait", {"delay": "PT10S"})
    assert h.engine.next_due_date() == h.clock.now + 10_000
    h.clock.advance(seconds=10)
    assert h.engine.next_due_date() is None
