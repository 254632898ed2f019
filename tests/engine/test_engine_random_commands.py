"""Property: random command sequences never crash the engine, and replay equals live state."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.records import RecordType, RejectionType, ValueType
from engine.records.intents import (
    IncidentIntent,
    JobBatchIntent,
    JobIntent,
    MessageCorrelationIntent,
    MessageIntent,
    ProcessInstanceCreationIntent,
    ProcessInstanceIntent,
    SignalIntent,
    TimerIntent,
    UserTaskIntent,
    VariableDocumentIntent,
)
from engine.records.values import (
    IncidentRecordValue,
    JobBatchRecordValue,
    JobRecordValue,
    MessageCorrelationRecordValue,
    MessageRecordValue,
    ProcessInstanceCreationRecordValue,
    ProcessInstanceRecordValue,
    SignalRecordValue,
    TimerRecordValue,
    UserTaskRecordValue,
    VariableDocumentRecordValue,
)
from engine.testing import EngineHarness, bpmn

PROCESSES = bpmn(
    """
  <bpmn:process id="flow" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="sub" />
    <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="gw" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="sub_start" />
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="work" />
      <bpmn:serviceTask id="work">
        <bpmn:extensionElements>
          <zeebe:taskDefinition type="work" retries="2" />
          <zeebe:ioMapping><zeebe:output source="=x" target="y" /></zeebe:ioMapping>
        </bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:sequenceFlow id="s2" sourceRef="work" targetRef="sub_end" />
      <bpmn:endEvent id="sub_end" />
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="caught" attachedToRef="sub">
      <bpmn:errorEventDefinition errorRef="e" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="c1" sourceRef="caught" targetRef="join" />
    <bpmn:sequenceFlow id="a2" sourceRef="sub" targetRef="join" />
    <bpmn:exclusiveGateway id="gw" default="d" />
    <bpmn:sequenceFlow id="yes" sourceRef="gw" targetRef="other">
      <bpmn:conditionExpression>= x &gt; 2</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="d" sourceRef="gw" targetRef="join" />
    <bpmn:serviceTask id="other">
      <bpmn:extensionElements><zeebe:taskDefinition type="other" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="o2" sourceRef="other" targetRef="join" />
    <bpmn:inclusiveGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmn:process id="loops" isExecutable="true">
    <bpmn:startEvent id="l_start" />
    <bpmn:sequenceFlow id="l1" sourceRef="l_start" targetRef="each" />
    <bpmn:callActivity id="each">
      <bpmn:extensionElements><zeebe:calledElement processId="flow" /></bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics>
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="x"
              outputCollection="ys" outputElement="=y" />
        </bpmn:extensionElements>
        <bpmn:completionCondition>= z = true</bpmn:completionCondition>
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:callActivity>
    <bpmn:sequenceFlow id="l2" sourceRef="each" targetRef="review" />
    <bpmn:userTask id="review">
      <bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="l3" sourceRef="review" targetRef="l_end" />
    <bpmn:endEvent id="l_end" />
  </bpmn:process>
  <bpmn:process id="events" isExecutable="true">
    <bpmn:startEvent id="e_start" />
    <bpmn:sequenceFlow id="e1" sourceRef="e_start" targetRef="e_gw" />
    <bpmn:eventBasedGateway id="e_gw" />
    <bpmn:sequenceFlow id="e2" sourceRef="e_gw" targetRef="e_msg" />
    <bpmn:sequenceFlow id="e3" sourceRef="e_gw" targetRef="e_timer" />
    <bpmn:intermediateCatchEvent id="e_msg"><bpmn:messageEventDefinition messageRef="m" />
    </bpmn:intermediateCatchEvent>
    <bpmn:intermediateCatchEvent id="e_timer">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1M</bpmn:timeDuration>
      </bpmn:timerEventDefinition>
    </bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="e4" sourceRef="e_msg" targetRef="e_task" />
    <bpmn:sequenceFlow id="e5" sourceRef="e_timer" targetRef="e_end" />
    <bpmn:serviceTask id="e_task">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:boundaryEvent id="e_remind" attachedToRef="e_task" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT30S</bpmn:timeCycle>
      </bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:boundaryEvent id="e_cancel" attachedToRef="e_task">
      <bpmn:messageEventDefinition messageRef="n" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="e6" sourceRef="e_task" targetRef="e_end" />
    <bpmn:sequenceFlow id="e7" sourceRef="e_remind" targetRef="e_end" />
    <bpmn:sequenceFlow id="e8" sourceRef="e_cancel" targetRef="e_end" />
    <bpmn:endEvent id="e_end" />
    <bpmn:subProcess id="e_on_s" triggeredByEvent="true">
      <bpmn:startEvent id="e_s" isInterrupting="false">
        <bpmn:signalEventDefinition signalRef="s" />
      </bpmn:startEvent>
      <bpmn:sequenceFlow id="e9" sourceRef="e_s" targetRef="e_s_end" />
      <bpmn:endEvent id="e_s_end"><bpmn:signalEventDefinition signalRef="t" /></bpmn:endEvent>
    </bpmn:subProcess>
    <bpmn:subProcess id="e_on_t" triggeredByEvent="true">
      <bpmn:startEvent id="e_t"><bpmn:signalEventDefinition signalRef="t" /></bpmn:startEvent>
      <bpmn:sequenceFlow id="e10" sourceRef="e_t" targetRef="e_t_end" />
      <bpmn:endEvent id="e_t_end" />
    </bpmn:subProcess>
  </bpmn:process>
  <bpmn:message id="m" name="m">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=x" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:message id="n" name="n">
    <bpmn:extensionElements><zeebe:subscription correlationKey="=x" /></bpmn:extensionElements>
  </bpmn:message>
  <bpmn:signal id="s" name="s" />
  <bpmn:signal id="t" name="t" />
  <bpmn:error id="e" name="E" errorCode="E" />"""
)

_values = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3))
_variables = st.dictionaries(st.sampled_from(["x", "y", "z"]), _values, max_size=3)
_actions = st.lists(
    st.one_of(
        st.tuples(st.just("create"), _variables),
        st.tuples(st.just("create_loops"), _variables),
        st.tuples(st.just("user_task"), st.integers(0, 9), st.sampled_from(["claim", "done"])),
        st.tuples(st.just("activate"), st.sampled_from(["work", "other"])),
        st.tuples(st.just("complete"), st.integers(0, 9), _variables),
        st.tuples(st.just("fail"), st.integers(0, 9), st.integers(0, 2), st.integers(0, 1)),
        st.tuples(st.just("throw"), st.integers(0, 9), st.sampled_from(["E", "F"])),
        st.tuples(st.just("retries"), st.integers(0, 9), st.integers(0, 2)),
        st.tuples(st.just("cancel"), st.integers(0, 9)),
        st.tuples(st.just("variables"), st.integers(0, 9), _variables, st.booleans()),
        st.tuples(st.just("resolve"), st.integers(0, 9)),
        st.tuples(st.just("advance"), st.integers(0, 400_000)),
        st.tuples(st.just("create_events"), _variables),
        st.tuples(
            st.just("publish"),
            st.sampled_from(["m", "n"]),
            st.sampled_from(["1", "2", "a"]),
            st.integers(0, 2),
            st.sampled_from(["", "id"]),
        ),
        st.tuples(st.just("correlate"), st.sampled_from(["m", "n"]), st.sampled_from(["1", "2"])),
        st.tuples(st.just("signal"), st.sampled_from(["s", "t"])),
        st.tuples(st.just("trigger_timer"), st.integers(0, 9)),
    ),
    max_size=25,
)


def _pick(keys: list[int], index: int) -> int:
    return keys[index % len(keys)] if keys else 12345


def _run(h: EngineHarness, action: tuple[Any, ...]) -> None:
    jobs = [r.key for r in h.records.jobs().with_intent(JobIntent.CREATED)]
    instances = [
        r.value.process_instance_key
        for r in h.records.with_intent(ProcessInstanceCreationIntent.CREATED)
    ]
    incidents = [r.key for r in h.records.incidents().with_intent(IncidentIntent.CREATED)]
    match action:
        case ("create", variables):
            h.write(
                ProcessInstanceCreationIntent.CREATE,
                ProcessInstanceCreationRecordValue(bpmn_process_id="flow", variables=variables),
            )
        case ("create_loops", variables):
            h.write(
                ProcessInstanceCreationIntent.CREATE,
                ProcessInstanceCreationRecordValue(bpmn_process_id="loops", variables=variables),
            )
        case ("user_task", index, verb):
            tasks = [r.key for r in h.records.of_type(ValueType.USER_TASK)]
            intent = UserTaskIntent.CLAIM if verb == "claim" else UserTaskIntent.COMPLETE
            h.write(intent, UserTaskRecordValue(assignee="u"), _pick(tasks, index))
        case ("activate", job_type):
            h.write(
                JobBatchIntent.ACTIVATE,
                JobBatchRecordValue(
                    type=job_type, worker="w", timeout=60_000, max_jobs_to_activate=3
                ),
            )
        case ("complete", index, variables):
            h.write(JobIntent.COMPLETE, JobRecordValue(variables=variables), _pick(jobs, index))
        case ("fail", index, retries, backoff):
            h.write(
                JobIntent.FAIL,
                JobRecordValue(retries=retries, retry_backoff=backoff * 1000),
                _pick(jobs, index),
            )
        case ("throw", index, code):
            h.write(JobIntent.THROW_ERROR, JobRecordValue(error_code=code), _pick(jobs, index))
        case ("retries", index, retries):
            h.write(JobIntent.UPDATE_RETRIES, JobRecordValue(retries=retries), _pick(jobs, index))
        case ("cancel", index):
            h.write(
                ProcessInstanceIntent.CANCEL, ProcessInstanceRecordValue(), _pick(instances, index)
            )
        case ("variables", index, variables, local):
            from engine.records import VariableDocumentUpdateSemantic as S

            h.write(
                VariableDocumentIntent.UPDATE,
                VariableDocumentRecordValue(
                    scope_key=_pick(instances, index),
                    variables=variables,
                    update_semantics=S.LOCAL if local else S.PROPAGATE,
                ),
            )
        case ("resolve", index):
            h.write(IncidentIntent.RESOLVE, IncidentRecordValue(), _pick(incidents, index))
        case ("advance", ms):
            h.clock.advance(ms=ms)
        case ("create_events", variables):
            h.write(
                ProcessInstanceCreationIntent.CREATE,
                ProcessInstanceCreationRecordValue(bpmn_process_id="events", variables=variables),
            )
        case ("publish", name, key, ttl, message_id):
            h.write(
                MessageIntent.PUBLISH,
                MessageRecordValue(
                    name=name, correlation_key=key, time_to_live=ttl * 30_000, message_id=message_id
                ),
            )
        case ("correlate", name, key):
            h.write(
                MessageCorrelationIntent.CORRELATE,
                MessageCorrelationRecordValue(name=name, correlation_key=key),
            )
        case ("signal", name):
            h.write(SignalIntent.BROADCAST, SignalRecordValue(signal_name=name))
        case ("trigger_timer", index):
            timers = [r.key for r in h.records.of_type(ValueType.TIMER)]
            h.write(TimerIntent.TRIGGER, TimerRecordValue(), _pick(timers, index))


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_actions)
def test_random_commands_never_crash_and_replay_matches(actions: list[tuple[Any, ...]]) -> None:
    h = EngineHarness()
    h.deploy(PROCESSES)
    for action in actions:
        _run(h, action)
    errors = [r for r in h.log if r.value_type is ValueType.ERROR]
    processing_errors = [
        r
        for r in h.log
        if r.record_type is RecordType.COMMAND_REJECTION
        and r.rejection_type is RejectionType.PROCESSING_ERROR
    ]
    assert not processing_errors, processing_errors[0].rejection_reason
    assert not errors
    h.assert_replay_matches()
