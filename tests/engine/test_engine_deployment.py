"""DEPLOYMENT CREATE: validation, versions, duplicates by digest, version tags, DMN."""

from __future__ import annotations

from typing import Any

import pytest

from engine.records import RejectionType
from engine.records.intents import (
    DecisionIntent,
    DecisionRequirementsIntent,
    DeploymentIntent,
    ProcessIntent,
    ResourceDeletionIntent,
)
from engine.records.record import Record
from engine.records.values import ResourceDeletionRecordValue
from engine.testing import EngineHarness, Rejected, bpmn


def _process(process_id: str = "order", name: str = "Order", tag: str = "") -> str:
    version_tag = (
        f'<bpmn:extensionElements><zeebe:versionTag value="{tag}" /></bpmn:extensionElements>'
        if tag
        else ""
    )
    return bpmn(f"""
  <bpmn:process id="{process_id}" name="{name}" isExecutable="true">{version_tag}
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


DECISION = """<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="dish" name="Dish"
    namespace="http://camunda.org/schema/1.0/dmn">
  <decision id="decide_dish" name="Decide dish">
    <decisionTable id="table" hitPolicy="UNIQUE">
      <input id="in_season" label="Season">
        <inputExpression id="e1" typeRef="string"><text>season</text></inputExpression>
      </input>
      <output id="out_dish" name="dish" typeRef="string" />
      <rule id="r1">
        <inputEntry id="i1"><text>"Winter"</text></inputEntry>
        <outputEntry id="o1"><text>"Roastbeef"</text></outputEntry>
      </rule>
      <rule id="r2">
        <inputEntry id="i2"><text>"Summer"</text></inputEntry>
        <outputEntry id="o2"><text>"Salad"</text></outputEntry>
      </rule>
    </decisionTable>
  </decision>
</definitions>
"""


def test_deploying_a_process_creates_version_one(h: EngineHarness) -> None:
    deployment = h.deploy(_process())
    [meta] = deployment.processes_metadata
    assert (meta.bpmn_process_id, meta.version, meta.duplicate) == ("order", 1, False)
    created = h.records.with_intent(ProcessIntent.CREATED).first()
    assert created.key == meta.process_definition_key
    assert created.value.resource.startswith(b"<?xml")
    assert h.records.events().intents() == [ProcessIntent.CREATED, DeploymentIntent.CREATED]
    assert h.engine.state.processes.latest("order") == created.value


def test_a_changed_resource_is_a_new_version_and_the_same_one_a_duplicate(
    h: EngineHarness,
) -> None:
    first = h.deploy(_process()).processes_metadata[0]
    second = h.deploy(_process(name="Order v2")).processes_metadata[0]
    assert second.version == 2 and not second.duplicate
    again = h.deploy(_process(name="Order v2")).processes_metadata[0]
    assert again.duplicate
    assert (again.version, again.process_definition_key) == (2, second.process_definition_key)
    assert len(h.records.with_intent(ProcessIntent.CREATED)) == 2
    assert first.process_definition_key != second.process_definition_key
    # Going back to the first content is a change from the latest: version 3.
    assert h.deploy(_process()).processes_metadata[0].version == 3


def test_version_tag_and_several_processes_in_one_resource(h: EngineHarness) -> None:
    two = bpmn(
        """
  <bpmn:process id="a" isExecutable="true">
    <bpmn:extensionElements><zeebe:versionTag value="v1.0" /></bpmn:extensionElements>
    <bpmn:startEvent id="s1" />
  </bpmn:process>""",
        """
  <bpmn:process id="b" isExecutable="true"><bpmn:startEvent id="s2" /></bpmn:process>""",
    )
    metadata = h.deploy(two).processes_metadata
    assert [(m.bpmn_process_id, m.version_tag) for m in metadata] == [("a", "v1.0"), ("b", "")]


def test_invalid_xml_and_feel_are_rejected_naming_every_problem(h: EngineHarness) -> None:
    broken_feel = bpmn("""
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="gw" />
    <bpmn:exclusiveGateway id="gw" />
    <bpmn:sequenceFlow id="yes" sourceRef="gw" targetRef="end">
      <bpmn:conditionExpression>= x &gt;</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" sourceRef="gw" targetRef="end">
      <bpmn:conditionExpression>= x &lt; 1</bpmn:conditionExpression>
    </bpmn:sequenceFlow>
    <bpmn:endEvent id="end" />
  </bpmn:process>""")
    with pytest.raises(Rejected) as rejected:
        h.deploy(broken_feel)
    reason = rejected.value.record.rejection_reason
    assert rejected.value.record.rejection_type is RejectionType.INVALID_ARGUMENT
    assert "'yes'" in reason and "'no'" not in reason
    with pytest.raises(Rejected) as not_xml:
        h.deploy("<bpmn:definitions")
    assert not_xml.value.record.rejection_type is RejectionType.INVALID_ARGUMENT
    assert "'r0.bpmn'" in not_xml.value.record.rejection_reason
    with pytest.raises(Rejected) as unknown:
        h.deploy(("notes.txt", "hello"))
    assert "notes.txt" in unknown.value.record.rejection_reason
    assert not h.records.events()


def test_dmn_creates_decision_requirements_and_decisions(h: EngineHarness) -> None:
    deployment = h.deploy(("dish.dmn", DECISION))
    [drg] = deployment.decision_requirements_metadata
    [decision] = deployment.decisions_metadata
    assert (drg.decision_requirements_id, drg.decision_requirements_version) == ("dish", 1)
    assert (decision.decision_id, decision.version) == ("decide_dish", 1)
    assert decision.decision_requirements_key == drg.decision_requirements_key
    assert h.records.events().intents() == [
        DecisionRequirementsIntent.CREATED,
        DecisionIntent.CREATED,
        DeploymentIntent.CREATED,
    ]
    again = h.deploy(("dish.dmn", DECISION))
    assert again.decisions_metadata[0].duplicate
    assert again.decision_requirements_metadata[0].duplicate


def test_a_replayed_engine_compiles_models_from_state(h: EngineHarness) -> None:
    from engine import Engine, InMemoryKeyValueStore

    h.deploy(_process())
    store = InMemoryKeyValueStore()
    restarted = Engine(store)
    restarted.replay(h.log)
    h.store, h.engine = store, restarted  # continue on the replayed engine
    h.create_instance("order")
    assert h.records.process_instance().with_element_id("order").intents()[-1].name == (
        "ELEMENT_COMPLETED"
    )


FORM = '{"id": "approve-form", "type": "default", "components": [], "versionTag": "v2"}'


def test_forms_are_versioned_and_duplicates_detected(h: EngineHarness) -> None:
    [form] = h.deploy(("approve.form", FORM)).form_metadata
    assert (form.form_id, form.version, form.version_tag, form.duplicate) == (
        "approve-form",
        1,
        "v2",
        False,
    )
    assert h.deploy(("approve.form", FORM)).form_metadata[0].duplicate
    changed = FORM.replace('"components": []', '"components": [{"type": "text"}]')
    assert h.deploy(("approve.form", changed)).form_metadata[0].version == 2
    assert h.engine.state.forms.latest("approve-form").version == 2
    with pytest.raises(Rejected) as rejected:
        h.deploy(("broken.form", '{"type": "default"}'))
    assert "'broken.form'" in rejected.value.record.rejection_reason


def _delete(h: EngineHarness, key: int) -> Record[Any]:
    return h.command(ResourceDeletionIntent.DELETE, ResourceDeletionRecordValue(resource_key=key))


def test_deleting_a_process_version_makes_the_previous_one_latest(h: EngineHarness) -> None:
    v1 = h.deploy(_process()).processes_metadata[0]
    v2 = h.deploy(_process(name="Order v2")).processes_metadata[0]
    response = _delete(h, v2.process_definition_key)
    assert response.intent is ResourceDeletionIntent.DELETED
    assert h.records.with_intent(ProcessIntent.DELETED).first().key == v2.process_definition_key
    assert h.engine.state.processes.latest("order") == h.engine.state.processes.get(
        v1.process_definition_key
    )
    instance = h.create_instance("order")
    created = h.records.process_instance().with_key(instance).first()
    assert created.value.version == 1
    # Version numbers are never given again.
    assert h.deploy(_process(name="Order v3")).processes_metadata[0].version == 3
    with pytest.raises(Rejected) as missing:
        _delete(h, v2.process_definition_key)
    assert missing.value.record.rejection_type is RejectionType.NOT_FOUND


def test_a_process_with_running_instances_cannot_be_deleted(h: EngineHarness) -> None:
    waiting = (
        _process()
        .replace(
            '<bpmn:endEvent id="end" />',
            '<bpmn:endEvent id="end" />',
        )
        .replace(
            'targetRef="end" />',
            'targetRef="wait" />\n    <bpmn:userTask id="wait" />',
        )
    )
    key = h.deploy(waiting).processes_metadata[0].process_definition_key
    instance = h.create_instance("order")
    with pytest.raises(Rejected) as rejected:
        _delete(h, key)
    assert rejected.value.record.rejection_type is RejectionType.INVALID_STATE
    h.cancel(instance)
    _delete(h, key)
    assert h.engine.state.processes.latest("order") is None


def test_deleting_decisions_and_forms(h: EngineHarness) -> None:
    deployment = h.deploy(("dish.dmn", DECISION), ("approve.form", FORM))
    drg = deployment.decision_requirements_metadata[0].decision_requirements_key
    form = deployment.form_metadata[0].form_key
    _delete(h, drg)
    assert h.records.with_intent(DecisionIntent.DELETED)
    assert h.engine.state.decisions.latest("decide_dish") is None
    _delete(h, form)
    assert h.engine.state.forms.latest("approve-form") is None
