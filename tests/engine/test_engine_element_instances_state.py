"""The element instance store: children by parent, counts, join counters."""

from __future__ import annotations

import pytest

from bpmn.model import BpmnElementType
from engine.records.intents import ProcessInstanceIntent
from engine.records.values import ProcessInstanceRecordValue
from engine.state import ElementInstance, ElementInstances, InMemoryKeyValueStore


def _instance(key: int, flow_scope_key: int, element_id: str = "task") -> ElementInstance:
    return ElementInstance(
        key=key,
        state=ProcessInstanceIntent.ELEMENT_ACTIVATING,
        value=ProcessInstanceRecordValue(
            element_id=element_id,
            flow_scope_key=flow_scope_key,
            bpmn_element_type=(
                BpmnElementType.PROCESS if element_id == "process" else BpmnElementType.TASK
            ),
        ),
    )


def test_children_are_linked_counted_and_unlinked() -> None:
    store = InMemoryKeyValueStore()
    instances = ElementInstances(store)
    instances.create(_instance(1, -1, "process"))
    for key in (4, 2, 3):
        instances.create(_instance(key, 1))
    instances.create(_instance(5, 2))
    assert list(instances.children(1)) == [2, 3, 4]
    assert instances.child_count(1) == 3
    assert instances.has_children(2)
    assert not instances.has_children(3)
    with pytest.raises(ValueError, match="no children"):
        instances.remove(2)
    instances.remove(5)
    instances.remove(2)
    assert list(instances.children(1)) == [3, 4]
    instances.update(
        ElementInstance(
            key=3,
            state=ProcessInstanceIntent.ELEMENT_ACTIVATED,
            value=_instance(3, 1).value,
            job_key=77,
        )
    )
    stored = instances.get(3)
    assert stored is not None
    assert stored.state is ProcessInstanceIntent.ELEMENT_ACTIVATED
    assert stored.job_key == 77
    for key in (3, 4, 1):
        instances.remove(key)
    assert list(store.scan(b"")) == []


def test_join_counters_count_tokens_per_incoming_flow() -> None:
    store = InMemoryKeyValueStore()
    instances = ElementInstances(store)
    instances.create(_instance(1, -1, "process"))
    for flow in ("a", "b", "a"):
        instances.take_sequence_flow(1, "join", flow)
    instances.take_sequence_flow(1, "other", "c")
    assert instances.taken_sequence_flows(1, "join") == {"a": 2, "b": 1}
    instances.consume_sequence_flows(1, "join")
    assert instances.taken_sequence_flows(1, "join") == {"a": 1}
    instances.remove(1)  # removing the scope drops its counters
    assert instances.taken_sequence_flows(1, "join") == {}
    assert list(store.scan(b"")) == []
