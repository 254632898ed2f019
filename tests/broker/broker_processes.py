"""BPMN used by the broker tests and benchmarks."""

from __future__ import annotations

from broker import PartitionStore
from broker.rebuild import compare_with_replay
from engine.testing import bpmn

SERVICE = bpmn("""
  <bpmn:process id="service" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <bpmn:serviceTask id="task">
      <bpmn:extensionElements><zeebe:taskDefinition type="work" /></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>""")


def assert_replay_matches(partition_store: PartitionStore) -> None:
    """Replaying the events of a partition's log into a fresh store rebuilds its live state
    (DESIGN invariant 1); see `broker.rebuild`."""
    differences = compare_with_replay(partition_store)
    assert differences == [], f"replayed state differs: {differences[:5]}"
