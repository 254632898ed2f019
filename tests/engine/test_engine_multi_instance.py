"""Multi-instance activities: parallel and sequential, input/output collections, loopCounter,
completion condition, empty collections."""

from __future__ import annotations

from engine.records.intents import ProcessInstanceIntent
from engine.testing import EngineHarness, bpmn

PI = ProcessInstanceIntent


def _process(sequential: bool, completion: str = "", task: str = "service") -> str:
    condition = (
        f"<bpmn:completionCondition>{completion}</bpmn:completionCondition>" if completion else ""
    )
    body = (
        '<bpmn:extensionElements><zeebe:taskDefinition type="ship" /></bpmn:extensionElements>'
        if task == "service"
        else ""
    )
    return bpmn(f"""
  <bpmn:process id="mi" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="each" />
    <bpmn:{task}Task id="each">
      {body.replace("</bpmn:extensionElements>", "")}
      {"" if body else "<bpmn:extensionElements>"}
        <zeebe:ioMapping><zeebe:output source="=result" target="result" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="{str(sequential).lower()}">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=orders" inputElement="order"
              outputCollection="results" outputElement="=result" />
        </bpmn:extensionElements>
        {condition}
      </bpmn:multiInstanceLoopCharacteristics>
    </bpmn:{task}Task>
    <bpmn:sequenceFlow id="f2" sourceRef="each" targetRef="after" />
    <bpmn:userTask id="after" />
  </bpmn:process>""")


def test_parallel_instances_keep_the_input_order_in_the_output(h: EngineHarness) -> None:
    h.deploy(_process(sequential=False))
    instance = h.create_instance("mi", {"orders": ["a", "b", "c"]})
    jobs = h.jobs.activate("ship")
    assert [(j.variables["order"], j.variables["loopCounter"]) for j in jobs] == [
        ("a", 1),
        ("b", 2),
        ("c", 3),
    ]
    body = h.records.process_instance().with_element_id("each").first()
    assert body.value.bpmn_element_type.name == "MULTI_INSTANCE_BODY"
    # Complete out of order: the output collection still follows the input order.
    for job in reversed(jobs):
        h.jobs.complete(job.key, {"result": job.variables["order"].upper()})
    assert h.variables(instance)["results"] == ["A", "B", "C"]
    assert "order" not in h.variables(instance)
    taken = h.records.with_process_instance(instance).with_intent(PI.SEQUENCE_FLOW_TAKEN)
    assert [r.value.element_id for r in taken] == ["f1", "f2"]
    [after] = h.jobs.activate("io.camunda.zeebe:userTask")
    h.jobs.complete(after.key)


def test_sequential_instances_run_one_after_the_other(h: EngineHarness) -> None:
    h.deploy(_process(sequential=True))
    instance = h.create_instance("mi", {"orders": [1, 2]})
    [first] = h.jobs.activate("ship")
    assert first.variables["order"] == 1
    assert h.jobs.activate("ship") == []
    h.jobs.complete(first.key, {"result": 10})
    [second] = h.jobs.activate("ship")
    assert (second.variables["order"], second.variables["loopCounter"]) == (2, 2)
    h.jobs.complete(second.key, {"result": 20})
    assert h.variables(instance)["results"] == [10, 20]


def test_an_empty_collection_completes_the_body_at_once(h: EngineHarness) -> None:
    h.deploy(_process(sequential=False))
    instance = h.create_instance("mi", {"orders": []})
    assert h.jobs.activate("ship") == []
    assert h.variables(instance)["results"] == []
    steps = [s for s in h.records.with_process_instance(instance).element_steps() if s[0] == "each"]
    assert steps[-1] == ("each", "ELEMENT_COMPLETED")


def test_the_completion_condition_terminates_the_remaining_instances(h: EngineHarness) -> None:
    h.deploy(_process(False, "= numberOfCompletedInstances &gt;= 2"))
    instance = h.create_instance("mi", {"orders": ["a", "b", "c", "d"]})
    jobs = h.jobs.activate("ship")
    h.jobs.complete(jobs[2].key, {"result": "c"})
    h.jobs.complete(jobs[0].key, {"result": "a"})
    assert h.variables(instance)["results"] == ["a", None, "c", None]
    terminated = h.records.with_element_id("each").with_intent(PI.ELEMENT_TERMINATED)
    assert len(terminated) == 2
    assert h.jobs.activate("ship") == []
    assert h.engine.state.jobs.get(jobs[1].key) is None


def test_pass_through_inner_instances(h: EngineHarness) -> None:
    h.deploy(_process(sequential=False, task="manual"))
    instance = h.create_instance("mi", {"orders": [1, 2, 3], "result": "x"})
    assert h.variables(instance)["results"] == ["x", "x", "x"]
    assert h.jobs.activate("io.camunda.zeebe:userTask")


def test_input_collection_that_is_not_a_list_raises_an_incident(h: EngineHarness) -> None:
    h.deploy(_process(sequential=False))
    instance = h.create_instance("mi", {"orders": "nope"})
    [(key, incident)] = h.open_incidents()
    assert incident.error_type.name == "EXTRACT_VALUE_ERROR"
    h.set_variables(instance, {"orders": ["ok"]})
    h.resolve_incident(key)
    assert len(h.jobs.activate("ship")) == 1


def test_a_multi_instance_subprocess_gives_each_instance_its_own_scope(h: EngineHarness) -> None:
    h.deploy(
        bpmn("""
  <bpmn:process id="mi_sub" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="per_item" />
    <bpmn:subProcess id="per_item">
      <bpmn:extensionElements>
        <zeebe:ioMapping><zeebe:input source="=null" target="total" /></zeebe:ioMapping>
      </bpmn:extensionElements>
      <bpmn:multiInstanceLoopCharacteristics isSequential="false">
        <bpmn:extensionElements>
          <zeebe:loopCharacteristics inputCollection="=items" inputElement="item"
              outputCollection="totals" outputElement="=total" />
        </bpmn:extensionElements>
      </bpmn:multiInstanceLoopCharacteristics>
      <bpmn:startEvent id="sub_start" />
      <bpmn:sequenceFlow id="s1" sourceRef="sub_start" targetRef="price" />
      <bpmn:serviceTask id="price">
        <bpmn:extensionElements>
          <zeebe:taskDefinition type="price" />
          <zeebe:ioMapping><zeebe:output source="=item * 10" target="total" /></zeebe:ioMapping>
        </bpmn:extensionElements>
      </bpmn:serviceTask>
      <bpmn:sequenceFlow id="s2" sourceRef="price" targetRef="sub_end" />
      <bpmn:endEvent id="sub_end" />
    </bpmn:subProcess>
    <bpmn:sequenceFlow id="f2" sourceRef="per_item" targetRef="done" />
    <bpmn:userTask id="done" />
  </bpmn:process>""")
    )
    instance = h.create_instance("mi_sub", {"items": [1, 2, 3]})
    jobs = h.jobs.activate("price")
    assert sorted(job.variables["item"] for job in jobs) == [1, 2, 3]
    for job in jobs:
        h.jobs.complete(job.key)
    # Zeebe's advice, followed: an input mapping makes `total` local to each inner instance,
    # so the task's output mapping updates it there (the nearest scope defining it) and the
    # instances do not overwrite each other in the root scope.
    assert h.variables(instance)["totals"] == [10, 20, 30]
    assert "total" not in h.variables(instance)
