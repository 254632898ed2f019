"""Live element instances of process instances, their parent/child links, and join counters.

Columns:

- ELEMENT_INSTANCE_BY_KEY: u64 element instance key -> ElementInstance (MessagePack)
- ELEMENT_INSTANCE_CHILDREN: u64 flow scope key, u64 child key -> b""
- TAKEN_SEQUENCE_FLOWS: u64 flow scope key, text gateway id, text sequence flow id -> u64 count

Invariants: an instance's children are exactly the live instances whose `flow_scope_key` is its
key, and its `live_children` is their number (`create` and `remove` keep both in step). An
instance is removed only after its children are; removing a scope drops its join counters too
(only scopes have them: the process, subprocesses). Process instances are element
instances with no flow scope (`flow_scope_key` -1).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import msgspec

from bpmn.model import BpmnElementType

from ..records.intents import ProcessInstanceIntent
from ..records.values import ProcessInstanceRecordValue
from .columns import Column
from .encoding import read_text, read_u64, text, u64
from .kv import KeyValueAccess

# Element types whose instances are flow scopes with sequence flows (and so join counters).
_SCOPES = frozenset(
    {
        BpmnElementType.PROCESS,
        BpmnElementType.SUB_PROCESS,
        BpmnElementType.EVENT_SUB_PROCESS,
        BpmnElementType.AD_HOC_SUB_PROCESS,
    }
)


class ElementInstance(msgspec.Struct, frozen=True, kw_only=True):
    """What the engine remembers about one live element instance.

    `state` is the last lifecycle event applied to it (ELEMENT_ACTIVATING ... ELEMENT_TERMINATING).
    `active_sequence_flows` counts sequence flows taken inside this scope whose target is not yet
    activated: the SEQUENCE_FLOW_TAKEN applier raises it, the target's ELEMENT_ACTIVATING applier
    lowers it, and a scope may complete only when it and `child_count` are both zero. The other
    fields link the instance to what it waits on (-1: nothing).
    """

    key: int
    state: ProcessInstanceIntent
    value: ProcessInstanceRecordValue
    active_sequence_flows: int = 0
    job_key: int = -1
    user_task_key: int = -1
    called_child_instance_key: int = -1
    multi_instance_loop_counter: int = 0
    # Execution listener jobs completed so far (start ones, then end ones); the JOB COMPLETED
    # applier of a listener job raises it.
    execution_listener_index: int = 0
    # The number of live children (see the module's invariants); only `create` and `remove`
    # change it, so appliers that update an instance must read it fresh first.
    live_children: int = 0


class ElementInstancesView(Protocol):
    def get(self, key: int) -> ElementInstance | None: ...

    def children(self, key: int) -> Iterator[int]:
        """Keys of the live children of `key`, in ascending key (creation) order."""
        ...

    def child_count(self, key: int) -> int: ...

    def has_children(self, key: int) -> bool: ...

    def taken_sequence_flows(self, flow_scope_key: int, gateway_id: str) -> dict[str, int]:
        """How many tokens arrived at `gateway_id` through each incoming flow, not yet joined."""
        ...


class ElementInstances:
    """Element instances over the KV; only PROCESS_INSTANCE event appliers call the writes."""

    def __init__(self, kv: KeyValueAccess, *, write_back: bool = False) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(ElementInstance)
        # Decoded instances read or written since `forget_cached` (the engine calls it at the
        # end of every batch, committed or rolled back). Every write of ELEMENT_INSTANCE_BY_KEY
        # goes through this class, so the cache never disagrees with the KV within a batch.
        self._cache: dict[int, ElementInstance | None] = {}
        # With `write_back`, changed instances reach the KV only at `flush` (the engine flushes
        # before committing): an instance changed five times in a batch is encoded once.
        self._write_back = write_back
        self._dirty: set[int] = set()

    def flush(self) -> None:
        """Write the instances changed since the last flush (write-back mode)."""
        for key in self._dirty:
            instance = self._cache[key]
            db_key = Column.ELEMENT_INSTANCE_BY_KEY.key(u64(key))
            if instance is None:
                self._kv.delete(db_key)
            else:
                self._kv.put(db_key, self._encoder.encode(instance))
        self._dirty.clear()

    def forget_cached(self) -> None:
        """Drop the cache and any unflushed change (after a commit or a rollback)."""
        self._cache.clear()
        self._dirty.clear()

    def _store(self, key: int, instance: ElementInstance | None) -> None:
        self._cache[key] = instance
        if self._write_back:
            self._dirty.add(key)
            return
        db_key = Column.ELEMENT_INSTANCE_BY_KEY.key(u64(key))
        if instance is None:
            self._kv.delete(db_key)
        else:
            self._kv.put(db_key, self._encoder.encode(instance))

    def get(self, key: int) -> ElementInstance | None:
        if key < 0:  # "no instance" (-1), e.g. the flow scope of a process
            return None
        cache = self._cache
        if key in cache:
            return cache[key]
        stored = self._kv.get(Column.ELEMENT_INSTANCE_BY_KEY.key(u64(key)))
        instance = None if stored is None else self._decoder.decode(stored)
        cache[key] = instance
        return instance

    def children(self, key: int) -> Iterator[int]:
        offset = len(Column.ELEMENT_INSTANCE_CHILDREN.prefix) + 8
        for db_key, _ in self._kv.scan(Column.ELEMENT_INSTANCE_CHILDREN.key(u64(key))):
            yield read_u64(db_key, offset)[0]

    def child_count(self, key: int) -> int:
        instance = self.get(key)
        return 0 if instance is None else instance.live_children

    def has_children(self, key: int) -> bool:
        return self.child_count(key) > 0

    def taken_sequence_flows(self, flow_scope_key: int, gateway_id: str) -> dict[str, int]:
        prefix = Column.TAKEN_SEQUENCE_FLOWS.key(u64(flow_scope_key), text(gateway_id))
        return {
            read_text(db_key, len(prefix))[0]: read_u64(count)[0]
            for db_key, count in self._kv.scan(prefix)
        }

    def create(self, instance: ElementInstance) -> None:
        """Store a new instance and link it under its flow scope (ELEMENT_ACTIVATING)."""
        key = u64(instance.key)
        self._store(instance.key, instance)
        scope = instance.value.flow_scope_key
        if scope >= 0:
            self._kv.put(Column.ELEMENT_INSTANCE_CHILDREN.key(u64(scope), key), b"")
            self._count_child(scope, +1)

    def update(self, instance: ElementInstance) -> None:
        """Replace a stored instance; its key and flow scope must not change."""
        self._store(instance.key, instance)

    def remove(self, key: int) -> None:
        """Drop a finished instance (ELEMENT_COMPLETED, ELEMENT_TERMINATED) and its links."""
        instance = self.get(key)
        if instance is None:
            return
        if self.has_children(key):
            raise ValueError(f"Expected element instance {key} to have no children left")
        self._store(key, None)
        scope = instance.value.flow_scope_key
        if scope >= 0:
            self._kv.delete(Column.ELEMENT_INSTANCE_CHILDREN.key(u64(scope), u64(key)))
            self._count_child(scope, -1)
        if instance.value.bpmn_element_type in _SCOPES:
            for db_key, _ in self._kv.scan(Column.TAKEN_SEQUENCE_FLOWS.key(u64(key))):
                self._kv.delete(db_key)

    def _count_child(self, scope_key: int, delta: int) -> None:
        scope = self.get(scope_key)
        if scope is not None:
            self.update(msgspec.structs.replace(scope, live_children=scope.live_children + delta))

    def take_sequence_flow(self, flow_scope_key: int, gateway_id: str, flow_id: str) -> None:
        """Count a token arriving at a joining gateway through `flow_id`."""
        db_key = Column.TAKEN_SEQUENCE_FLOWS.key(
            u64(flow_scope_key), text(gateway_id), text(flow_id)
        )
        stored = self._kv.get(db_key)
        self._kv.put(db_key, u64((0 if stored is None else read_u64(stored)[0]) + 1))

    def consume_sequence_flows(self, flow_scope_key: int, gateway_id: str) -> None:
        """A join fired: take one token off every incoming flow that has one."""
        prefix = Column.TAKEN_SEQUENCE_FLOWS.key(u64(flow_scope_key), text(gateway_id))
        for db_key, stored in self._kv.scan(prefix):
            count = read_u64(stored)[0] - 1
            if count > 0:
                self._kv.put(db_key, u64(count))
            else:
                self._kv.delete(db_key)
