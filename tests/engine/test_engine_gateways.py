"""Gateways: exclusive with conditions and default, parallel fork/join, inclusive fork/join."""

from __future__ import annotations

from engine.records import ErrorType
from engine.records.intents import ProcessInstanceIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent


def _task(task_id: str, job_type: str | None = None) -> str:
    return (
        f'<bpmn:serviceTask id="{task_id}"><bpmn:extensionElements>'
        f'<zeebe:taskDefinition type="{job_type or task_id}" />'
        f"</bpmn:extensionElements></bpmn:serviceTask>"
    )


EXCLUSIVE = bpmn(f"""
  <bpmn:process id="xor" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" default="medium" />
    <bpmn:sequenceFlow id="big" sourceRef="gw" targetRef="approve">
      <bpmn:conditionExpression>= amount &gt; 1000</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="small" sourceRef="gw" targetRef="auto">
      <bpmn:conditionExpression>= amount &lt; 10</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="medium" sourceRef="gw" targetRef="check" />
    {_task("approve")}
    {_task("auto")}
    {_task("check")}
  </bpmn:process>""")


def _taken(h: EngineHarness, instance: int) -> list[str]:
    return [
        r.value.element_id
        for r in h.records.with_process_instance(instance).with_intent(PI.SEQUENCE_FLOW_TAKEN)
    ]


def test_exclusive_gateway_takes_the_first_true_condition_or_the_default(
    h: EngineHarness,
) -> None:
    h.deploy(EXCLUSIVE)
    assert _taken(h, h.create_instance("xor", {"amount": 5000})) == ["f1", "big"]
    assert _taken(h, h.create_instance("xor", {"amount": 5})) == ["f1", "small"]
    assert _taken(h, h.create_instance("xor", {"amount": 50})) == ["f1", "medium"]


def test_exclusive_gateway_without_match_or_default_raises_a_condition_incident(
    h: EngineHarness,
) -> None:
    h.deploy(
        EXCLUSIVE.replace(' default="medium"', "").replace(
            '<bpmn:sequenceFlow id="medium" sourceRef="gw" targetRef="check" />', ""
        )
    )
    instance = h.create_instance("xor", {"amount": 50})
    [(key, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.CONDITION_ERROR
    assert incident.element_id == "gw"
    gateway = h.records.with_process_instance(instance).process_instance().events()
    gateway = gateway.with_element_id("gw")
    assert gateway.intents() == [PI.ELEMENT_ACTIVATING]
    h.set_variables(instance, {"amount": 5})
    h.resolve_incident(key)
    assert _taken(h, instance) == ["f1", "small"]


def test_a_condition_that_is_not_boolean_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(EXCLUSIVE)
    h.create_instance("xor", {})  # amount is null: `null > 1000` is not a boolean
    [(_, incident)] = h.open_incidents()
    assert incident.error_type is ErrorType.CONDITION_ERROR
    assert "BOOLEAN" in incident.error_message


PARALLEL = bpmn(f"""
  <bpmn:process id="and" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="a" sourceRef="fork" targetRef="task_a" />
    <bpmn:sequenceFlow id="b" sourceRef="fork" targetRef="task_b" />
    <bpmn:sequenceFlow id="c" sourceRef="fork" targetRef="task_c" />
    {_task("task_a")}
    {_task("task_b")}
    {_task("task_c")}
    <bpmn:sequenceFlow id="a2" sourceRef="task_a" targetRef="join" />
    <bpmn:sequenceFlow id="b2" sourceRef="task_b" targetRef="join" />
    <bpmn:sequenceFlow id="c2" sourceRef="task_c" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def test_parallel_fork_and_join(h: EngineHarness) -> None:
    h.deploy(PARALLEL)
    instance = h.create_instance("and")
    assert len(h.records.with_process_instance(instance).with_intent(PI.SEQUENCE_FLOW_TAKEN)) == 4
    for job_type in ("task_c", "task_a"):
        h.jobs.complete_all(job_type)
        assert not h.records.with_element_id("join").with_intent(PI.ELEMENT_ACTIVATING)
    h.jobs.complete_all("task_b")
    join = h.records.with_process_instance(instance).with_element_id("join").events()
    assert join.intents() == [
        PI.ELEMENT_ACTIVATING,
        PI.ELEMENT_ACTIVATED,
        PI.ELEMENT_COMPLETING,
        PI.ELEMENT_COMPLETED,
    ]
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "and",
        "ELEMENT_COMPLETED",
    )


LOOP_INTO_JOIN = bpmn(f"""
  <bpmn:process id="tokens" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="to_a" sourceRef="fork" targetRef="task_a" />
    <bpmn:sequenceFlow id="to_a2" sourceRef="fork" targetRef="task_a2" />
    <bpmn:sequenceFlow id="to_b" sourceRef="fork" targetRef="task_b" />
    {_task("task_a", "a")}
    {_task("task_a2", "a")}
    {_task("task_b", "b")}
    <bpmn:sequenceFlow id="a_in" sourceRef="task_a" targetRef="merge" />
    <bpmn:sequenceFlow id="a2_in" sourceRef="task_a2" targetRef="merge" />
    <bpmn:exclusiveGateway id="merge" />
    <bpmn:sequenceFlow id="left" sourceRef="merge" targetRef="join" />
    <bpmn:sequenceFlow id="right" sourceRef="task_b" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="out" sourceRef="join" targetRef="after" />
    {_task("after")}
  </bpmn:process>""")


def test_parallel_join_counts_tokens_per_incoming_flow(h: EngineHarness) -> None:
    # Two tokens arrive through the same flow `left`: that is not "both branches". The join
    # waits for a token on `right`, and then fires once, leaving one token on `left`.
    h.deploy(LOOP_INTO_JOIN)
    h.create_instance("tokens")
    assert h.jobs.complete_all("a") == 2
    assert not h.records.with_element_id("join").with_intent(PI.ELEMENT_ACTIVATING)
    h.jobs.complete_all("b")
    assert len(h.records.with_element_id("join").with_intent(PI.ELEMENT_ACTIVATED)) == 1
    assert len(h.jobs.activate("after")) == 1
    scope = h.records.with_element_id("join").first().value.flow_scope_key
    waiting = h.engine.state.element_instances.taken_sequence_flows(scope, "join")
    assert waiting == {"left": 1}


INCLUSIVE = bpmn(f"""
  <bpmn:process id="or" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:inclusiveGateway id="fork" default="none" />
    <bpmn:sequenceFlow id="to_a" sourceRef="fork" targetRef="task_a">
      <bpmn:conditionExpression>= list contains(parts, "a")</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to_b" sourceRef="fork" targetRef="task_b">
      <bpmn:conditionExpression>= list contains(parts, "b")</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to_c" sourceRef="fork" targetRef="task_c">
      <bpmn:conditionExpression>= list contains(parts, "c")</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="none" sourceRef="fork" targetRef="join" />
    {_task("task_a")}
    {_task("task_b")}
    {_task("task_c")}
    <bpmn:sequenceFlow id="a2" sourceRef="task_a" targetRef="join" />
    <bpmn:sequenceFlow id="b2" sourceRef="task_b" targetRef="join" />
    <bpmn:sequenceFlow id="c2" sourceRef="task_c" targetRef="join" />
    <bpmn:inclusiveGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="after" />
    {_task("after")}
  </bpmn:process>""")


def test_inclusive_fork_takes_every_true_condition_and_the_join_waits_only_for_those(
    h: EngineHarness,
) -> None:
    h.deploy(INCLUSIVE)
    instance = h.create_instance("or", {"parts": ["a", "c"]})
    assert _taken(h, instance) == ["f1", "to_a", "to_c"]
    assert h.jobs.complete_all("task_a") == 1
    assert not h.jobs.activate("after")  # task_c can still arrive
    assert h.jobs.complete_all("task_c") == 1
    assert h.jobs.complete_all("after") == 1  # b never started: the join did not wait for it
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "or",
        "ELEMENT_COMPLETED",
    )


def test_inclusive_fork_falls_back_to_the_default_flow(h: EngineHarness) -> None:
    h.deploy(INCLUSIVE)
    instance = h.create_instance("or", {"parts": []})
    assert _taken(h, instance) == ["f1", "none", "f2"]
    assert h.jobs.complete_all("after") == 1


INCLUSIVE_WITH_EXIT = bpmn(f"""
  <bpmn:process id="or_exit" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:inclusiveGateway id="fork" />
    <bpmn:sequenceFlow id="to_a" sourceRef="fork" targetRef="task_a">
      <bpmn:conditionExpression>= true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="to_b" sourceRef="fork" targetRef="task_b">
      <bpmn:conditionExpression>= true</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    {_task("task_a")}
    {_task("task_b")}
    <bpmn:sequenceFlow id="a2" sourceRef="task_a" targetRef="join" />
    <bpmn:sequenceFlow id="b2" sourceRef="task_b" targetRef="check" />
    <bpmn:exclusiveGateway id="check" default="b_out" />
    <bpmn:sequenceFlow id="b_in" sourceRef="check" targetRef="join">
      <bpmn:conditionExpression>= rejoin</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="b_out" sourceRef="check" targetRef="b_end" />
    <bpmn:endEvent id="b_end" />
    <bpmn:inclusiveGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="after" />
    {_task("after")}
  </bpmn:process>""")


def test_an_inclusive_join_stops_waiting_for_a_branch_that_ended_elsewhere(
    h: EngineHarness,
) -> None:
    h.deploy(INCLUSIVE_WITH_EXIT)
    instance = h.create_instance("or_exit", {"rejoin": False})
    h.jobs.complete_all("task_a")
    assert h.jobs.activate("after") == []  # task_b might still come to the join
    h.jobs.complete_all("task_b")  # ... but it leaves through b_end
    assert h.jobs.complete_all("after") == 1
    join = h.records.with_process_instance(instance).process_instance().events()
    assert len(join.with_element_id("join").with_intent(PI.ELEMENT_ACTIVATED)) == 1
    assert h.records.with_process_instance(instance).element_steps()[-1] == (
        "or_exit",
        "ELEMENT_COMPLETED",
    )


def test_an_inclusive_join_waits_for_a_branch_that_comes_back(h: EngineHarness) -> None:
    h.deploy(INCLUSIVE_WITH_EXIT)
    instance = h.create_instance("or_exit", {"rejoin": True})
    h.jobs.complete_all("task_b")
    assert h.jobs.activate("after") == []
    h.jobs.complete_all("task_a")
    assert h.jobs.complete_all("after") == 1
    steps = h.records.with_process_instance(instance).element_steps()
    assert steps.count(("join", "ELEMENT_ACTIVATED")) == 1
