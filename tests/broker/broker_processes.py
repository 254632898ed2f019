"""BPMN used by the broker tests and benchmarks."""

from __future__ import annotations

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


def state_columns(store: object) -> dict[bytes, bytes]:
    """Every state entry of a store (`scan_range` over all keys)."""
    return dict(store.scan_range(b"", None))  # type: ignore[attr-defined]


def assert_replay_matches(partition_store: object) -> None:
    """Replaying the events of a partition's log into a fresh store rebuilds its live state
    (DESIGN invariant 1). The broker's processed position (column 0) is not engine state, and
    the key generator may only lag (a command can draw a key no event uses)."""
    from engine import Column, Engine, InMemoryKeyValueStore
    from engine.state.encoding import read_u64

    fresh = InMemoryKeyValueStore()
    log = partition_store.log  # type: ignore[attr-defined]
    Engine(fresh, log.partition_id).replay(log.read(log.first_position))
    live = state_columns(partition_store.state)  # type: ignore[attr-defined]
    replayed = state_columns(fresh)
    generator = Column.KEY_GENERATOR.key()
    live_counter = read_u64(live.pop(generator, bytes(8)))[0]
    replayed_counter = read_u64(replayed.pop(generator, bytes(8)))[0]
    assert replayed_counter <= live_counter
    default = Column.DEFAULT.prefix
    live = {k: v for k, v in live.items() if not k.startswith(default)}
    replayed = {k: v for k, v in replayed.items() if not k.startswith(default)}
    assert replayed.keys() == live.keys()
    assert replayed == live
