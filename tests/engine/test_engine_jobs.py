"""Tasks as jobs: creation, activation, complete, fail, retries, time-outs, incidents; script
and business rule tasks; errors thrown by workers."""

from __future__ import annotations

import pytest

from engine.records import ErrorType, RejectionType
from engine.records.intents import (
    DecisionEvaluationIntent,
    IncidentIntent,
    JobIntent,
    ProcessInstanceIntent,
)
from engine.testing import EngineHarness, Rejected, bpmn
from tests.engine.risk_decision import DMN, RULE

PI = ProcessInstanceIntent


def _service(extension: str = '<zeebe:taskDefinition type="payment" retries="2" />') -> str:
    return bpmn(f"""
  <bpmn:process id="pay" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>{extension}</bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def _completed(h: EngineHarness, instance: int) -> bool:
    steps = h.records.with_process_instance(instance).element_steps()
    return steps[-1] == ("pay", "ELEMENT_COMPLETED")


def test_a_job_carries_type_retries_headers_and_completes_the_task(h: EngineHarness) -> None:
    h.deploy(
        _service("""<zeebe:taskDefinition type="=&quot;pay-&quot; + region" retries="=1+1" />
          <zeebe:taskHeaders>
            <zeebe:header key="method" value="card" />
          </zeebe:taskHeaders>""")
    )
    instance = h.create_instance("pay", {"region": "eu"})
    created = h.records.jobs().with_intent(JobIntent.CREATED).first()
    assert (created.value.type, created.value.retries) == ("pay-eu", 2)
    assert created.value.custom_headers == {"method": "card"}
    assert created.value.element_id == "task"
    [job] = h.jobs.activate("pay-eu", worker="w1", timeout=1000)
    assert job.key == created.key
    assert (job.value.worker, job.value.deadline) == ("w1", h.clock.now + 1000)
    assert job.variables == {"region": "eu"}
    response = h.jobs.complete(job.key, {"paid": True})
    assert response.intent is JobIntent.COMPLETED
    assert _completed(h, instance)
    with pytest.raises(Rejected) as again:
        h.jobs.complete(job.key)
    assert again.value.record.rejection_type is RejectionType.NOT_FOUND


def test_activation_takes_priority_then_key_order_up_to_max_jobs(h: EngineHarness) -> None:
    h.deploy(_service('<zeebe:taskDefinition type="payment" />'))
    keys = [h.create_instance("pay", {"n": n}) for n in range(3)]
    urgent = bpmn("""
  <bpmn:process id="urgent" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements>
        <zeebe:taskDefinition type="payment" />
        <zeebe:taskHeaders><zeebe:header key="priority" value="5" /></zeebe:taskHeaders>
      </bpmn:extensionElements>
    </bpmn:serviceTask>
  </bpmn:process>""")
    h.deploy(urgent)
    h.create_instance("urgent", {"n": 99})
    first = h.jobs.activate("payment", 2, fetch=["n"])
    assert [job.variables for job in first] == [{"n": 99}, {"n": 0}]
    rest = h.jobs.activate("payment", 10)
    assert [job.variables["n"] for job in rest] == [1, 2]
    assert h.jobs.activate("payment") == []
    assert len(keys) == 3


def test_fail_with_retries_left_makes_the_job_activatable_again(h: EngineHarness) -> None:
    h.deploy(_service())
    h.create_instance("pay")
    [job] = h.jobs.activate("payment")
    failed = h.jobs.fail(job.key, retries=1, error_message="card declined")
    assert (failed.value.retries, failed.value.error_message) == (1, "card declined")
    [again] = h.jobs.activate("payment")
    assert again.key == job.key and again.value.retries == 1


def test_fail_with_backoff_waits_for_the_clock(h: EngineHarness) -> None:
    h.deploy(_service())
    instance = h.create_instance("pay")
    [job] = h.jobs.activate("payment")
    h.jobs.fail(job.key, retries=1, backoff_ms=5_000)
    assert h.jobs.activate("payment") == []
    h.clock.advance(seconds=4)
    assert h.jobs.activate("payment") == []
    h.clock.advance(seconds=1)
    assert h.records.jobs().with_intent(JobIntent.RECURRED_AFTER_BACKOFF)
    [again] = h.jobs.activate("payment")
    h.jobs.complete(again.key)
    assert _completed(h, instance)


def test_no_retries_raise_an_incident_resolved_after_updating_retries(h: EngineHarness) -> None:
    h.deploy(_service())
    instance = h.create_instance("pay")
    [job] = h.jobs.activate("payment")
    h.jobs.fail(job.key, retries=0, error_message="service down")
    [(incident_key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.JOB_NO_RETRIES
    assert (incident.job_key, incident.error_message) == (job.key, "service down")
    assert h.jobs.activate("payment") == []
    with pytest.raises(Rejected) as too_early:
        h.resolve_incident(incident_key)
    assert too_early.value.record.rejection_type is RejectionType.INVALID_STATE
    h.jobs.update_retries(job.key, 3)
    assert h.jobs.activate("payment") == []  # still waits for the incident
    h.resolve_incident(incident_key)
    assert h.records.incidents().with_intent(IncidentIntent.RESOLVED)
    [again] = h.jobs.activate("payment")
    assert again.value.retries == 3
    h.jobs.complete(again.key)
    assert _completed(h, instance)


def test_a_timed_out_job_comes_back_and_a_late_complete_is_rejected(h: EngineHarness) -> None:
    h.deploy(_service())
    instance = h.create_instance("pay")
    [job] = h.jobs.activate("payment", timeout=10_000)
    h.clock.advance(seconds=11)
    timed_out = h.records.jobs().with_intent(JobIntent.TIMED_OUT).first()
    assert timed_out.value.retries == 2  # unchanged
    with pytest.raises(Rejected) as late:
        h.jobs.complete(job.key)
    assert late.value.record.rejection_type is RejectionType.INVALID_STATE
    [again] = h.jobs.activate("payment")
    h.jobs.complete(again.key)
    assert _completed(h, instance)
    assert len(h.records.jobs().with_intent(JobIntent.COMPLETED)) == 1


def test_update_timeout_moves_the_deadline(h: EngineHarness) -> None:
    h.deploy(_service())
    h.create_instance("pay")
    [job] = h.jobs.activate("payment", timeout=10_000)
    updated = h.jobs.update_timeout(job.key, 60_000)
    assert updated.value.deadline == h.clock.now + 60_000
    h.clock.advance(seconds=30)
    assert not h.records.jobs().with_intent(JobIntent.TIMED_OUT)
    h.jobs.complete(job.key)
    with pytest.raises(Rejected):
        h.jobs.update_timeout(job.key, 1)
    with pytest.raises(Rejected) as bad:
        h.jobs.update_retries(job.key, 0)
    assert bad.value.record.rejection_type is RejectionType.INVALID_ARGUMENT


def test_send_task_and_job_based_script_and_rule_tasks(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="kinds" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="send" />
    <bpmn:sendTask id="send">
      <bpmn:extensionElements><zeebe:taskDefinition type="mail" /></bpmn:extensionElements>
    </bpmn:sendTask>
    <bpmn:sequenceFlow id="f2" sourceRef="send" targetRef="script" />
    <bpmn:scriptTask id="script">
      <bpmn:extensionElements><zeebe:taskDefinition type="groovy" /></bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f3" sourceRef="script" targetRef="rule" />
    <bpmn:businessRuleTask id="rule">
      <bpmn:extensionElements><zeebe:taskDefinition type="rules" /></bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f4" sourceRef="rule" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
    )
    instance = h.create_instance("kinds")
    for job_type in ("mail", "groovy", "rules"):
        assert h.jobs.complete_all(job_type) == 1
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "kinds",
        "ELEMENT_COMPLETED",
    )


def test_script_task_evaluates_feel_into_the_result_variable(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="calc" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="script" />
    <bpmn:scriptTask id="script">
      <bpmn:extensionElements>
        <zeebe:script expression="=sum(items) * 1.5" resultVariable="total" />
      </bpmn:extensionElements>
    </bpmn:scriptTask>
    <bpmn:sequenceFlow id="f2" sourceRef="script" targetRef="wait" />
    <bpmn:userTask id="wait" />
  </bpmn:process>""")
    )
    instance = h.create_instance("calc", {"items": [1, 2, 3]})
    assert h.variables(instance) == {"items": [1, 2, 3], "total": 9}
    [task] = h.jobs.activate("io.camunda.zeebe:userTask")
    assert task.value.element_id == "wait"
    h.jobs.complete(task.key)


def test_business_rule_task_evaluates_the_decision(h: EngineHarness) -> None:
    h.deploy(("risk.dmn", DMN))
    h.deploy(RULE)
    instance = h.create_instance("rule", {"amount": 5000})
    evaluated = h.records.with_intent(DecisionEvaluationIntent.EVALUATED).first()
    assert evaluated.value.decision_id == "risk_level"
    assert evaluated.value.decision_output == '"high"'
    assert evaluated.value.evaluated_decisions[0].matched_rules[0].rule_id == "high"
    assert h.variables(instance)["risk"] == "high"


def test_a_missing_decision_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(RULE)
    instance = h.create_instance("rule", {"amount": 5})
    [(key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.CALLED_DECISION_ERROR
    h.deploy(("risk.dmn", DMN))
    h.resolve_incident(key)
    assert h.variables(instance)["risk"] == "low"


ERRORS = bpmn("""
  <bpmn:process id="errors" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sub" />
    <bpmn:subProcess id="sub">
      <bpmn:startEvent id="sub_start" />
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="task" />
      <bpmn:serviceTask id="task">
        <bpmn:extensionElements><zeebe:taskDefinition type="charge" /></bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:sequenceFlow id="s2" sourceRef="task" targetRef="sub_end" />
      <bpmn:endEvent id="sub_end" />
    </bpmn:subProcess>
    <bpmn:boundaryEvent id="declined" attachedToRef="sub">
      <bpmn:errorEventDefinition errorRef="card_declined" />
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="sub" targetRef="done" />
    <bpmn:endEvent id="done" />
    <bpmn:sequenceFlow id="f3" sourceRef="declined" targetRef="refused" />
    <bpmn:endEvent id="refused" />
  </bpmn:process>
  <bpmn:error id="card_declined" name="Declined" errorCode="DECLINED" />""")


def test_a_thrown_error_is_caught_up_the_scope_chain(h: EngineHarness) -> None:
    h.deploy(ERRORS)
    instance = h.create_instance("errors")
    [job] = h.jobs.activate("charge")
    h.jobs.throw_error(job.key, "DECLINED", "no funds")
    steps = h.records.with_process_instance(instance).element_steps()
    tail = steps[steps.index(("sub", "ELEMENT_TERMINATING")) :]
    assert tail == [
        ("sub", "ELEMENT_TERMINATING"),
        ("task", "ELEMENT_TERMINATING"),
        ("task", "ELEMENT_TERMINATED"),
        ("sub", "ELEMENT_TERMINATED"),
        ("declined", "ELEMENT_ACTIVATING"),
        ("declined", "ELEMENT_ACTIVATED"),
        ("declined", "ELEMENT_COMPLETING"),
        ("declined", "ELEMENT_COMPLETED"),
        ("f3", "SEQUENCE_FLOW_TAKEN"),
        ("refused", "ELEMENT_ACTIVATING"),
        ("refused", "ELEMENT_ACTIVATED"),
        ("refused", "ELEMENT_COMPLETING"),
        ("refused", "ELEMENT_COMPLETED"),
        ("errors", "ELEMENT_COMPLETING"),
        ("errors", "ELEMENT_COMPLETED"),
    ]
    assert h.engine.state.jobs.get(job.key) is None


def test_an_uncaught_error_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(ERRORS)
    h.create_instance("errors")
    [job] = h.jobs.activate("charge")
    h.jobs.throw_error(job.key, "OTHER")
    [(_, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.UNHANDLED_ERROR_EVENT
    assert incident.job_key == job.key


def test_the_variables_of_a_caught_error_reach_the_process(h: EngineHarness) -> None:
    h.deploy(ERRORS)
    instance = h.create_instance("errors")
    [job] = h.jobs.activate("charge")
    h.jobs.throw_error(job.key, "DECLINED", "no funds", {"reason": "limit"})
    thrown = h.records.jobs().with_intent(JobIntent.ERROR_THROWN).first()
    assert (thrown.value.error_code, thrown.value.error_message) == ("DECLINED", "no funds")
    reasons = [r.value for r in h.records.variables().events() if r.value.name == "reason"]
    assert [(v.scope_key, v.value) for v in reasons] == [(instance, '"limit"')]
