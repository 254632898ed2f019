"""Process-instance-wide facts: business keys and instances banned after an engine bug.

Columns:

- PROCESS_INSTANCE_BY_BUSINESS_KEY: text tenant, text bpmn process id, text business key
  -> u64 process instance key
- BUSINESS_KEY_OF_PROCESS_INSTANCE: u64 process instance key -> MessagePack
  [tenant, bpmn process id, business key]
- BANNED_PROCESS_INSTANCES: u64 process instance key -> b""
- PROCESS_INSTANCES_BY_DEFINITION: u64 process definition key, u64 process instance key -> b""
  (the active instances of each definition: a definition with some cannot be deleted)
- EVENT_TRIGGERS: u64 element instance key -> ProcessEventRecordValue (MessagePack): an event
  (a caught error, ...) that will activate `target_element_id` once the instance is terminated

Invariants: the two business key columns mirror each other, and hold exactly the *active*
process instances that were created with a business key (so a key is unique among a process's
active instances, whatever their version). A banned instance stays banned: no command about it
is processed again (Zeebe's "blacklisted" instances).
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import ProcessEventRecordValue
from .columns import Column
from .encoding import read_u64, text, u64
from .kv import KeyValueAccess


class ProcessInstancesView(Protocol):
    def by_business_key(self, tenant_id: str, bpmn_process_id: str, business_key: str) -> int:
        """The active instance with this business key, -1 when none."""
        ...

    def is_banned(self, process_instance_key: int) -> bool: ...

    def event_trigger(self, element_instance_key: int) -> ProcessEventRecordValue | None: ...

    def has_instances(self, process_definition_key: int) -> bool: ...


class ProcessInstances:
    """Over the KV; only PROCESS_INSTANCE_CREATION, PROCESS_INSTANCE and ERROR appliers write."""

    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(tuple[str, str, str])
        self._trigger = msgspec.msgpack.Decoder(ProcessEventRecordValue)

    def by_business_key(self, tenant_id: str, bpmn_process_id: str, business_key: str) -> int:
        stored = self._kv.get(
            Column.PROCESS_INSTANCE_BY_BUSINESS_KEY.key(
                text(tenant_id), text(bpmn_process_id), text(business_key)
            )
        )
        return -1 if stored is None else read_u64(stored)[0]

    def is_banned(self, process_instance_key: int) -> bool:
        if process_instance_key < 0:
            return False
        return (
            self._kv.get(Column.BANNED_PROCESS_INSTANCES.key(u64(process_instance_key))) is not None
        )

    def put_business_key(
        self, process_instance_key: int, tenant_id: str, bpmn_process_id: str, business_key: str
    ) -> None:
        self._kv.put(
            Column.PROCESS_INSTANCE_BY_BUSINESS_KEY.key(
                text(tenant_id), text(bpmn_process_id), text(business_key)
            ),
            u64(process_instance_key),
        )
        self._kv.put(
            Column.BUSINESS_KEY_OF_PROCESS_INSTANCE.key(u64(process_instance_key)),
            self._encoder.encode((tenant_id, bpmn_process_id, business_key)),
        )

    def release_business_key(self, process_instance_key: int) -> None:
        """The instance ended: its business key may be used again."""
        db_key = Column.BUSINESS_KEY_OF_PROCESS_INSTANCE.key(u64(process_instance_key))
        stored = self._kv.get(db_key)
        if stored is None:
            return
        tenant_id, process_id, business_key = self._decoder.decode(stored)
        self._kv.delete(db_key)
        self._kv.delete(
            Column.PROCESS_INSTANCE_BY_BUSINESS_KEY.key(
                text(tenant_id), text(process_id), text(business_key)
            )
        )

    def ban(self, process_instance_key: int) -> None:
        if process_instance_key >= 0:
            self._kv.put(Column.BANNED_PROCESS_INSTANCES.key(u64(process_instance_key)), b"")

    def event_trigger(self, element_instance_key: int) -> ProcessEventRecordValue | None:
        stored = self._kv.get(Column.EVENT_TRIGGERS.key(u64(element_instance_key)))
        return None if stored is None else self._trigger.decode(stored)

    def put_event_trigger(self, element_instance_key: int, event: ProcessEventRecordValue) -> None:
        self._kv.put(
            Column.EVENT_TRIGGERS.key(u64(element_instance_key)), self._encoder.encode(event)
        )

    def delete_event_trigger(self, element_instance_key: int) -> None:
        self._kv.delete(Column.EVENT_TRIGGERS.key(u64(element_instance_key)))

    def has_instances(self, process_definition_key: int) -> bool:
        prefix = Column.PROCESS_INSTANCES_BY_DEFINITION.key(u64(process_definition_key))
        return next(self._kv.scan(prefix), None) is not None

    def add_instance(self, process_definition_key: int, process_instance_key: int) -> None:
        self._kv.put(
            Column.PROCESS_INSTANCES_BY_DEFINITION.key(
                u64(process_definition_key), u64(process_instance_key)
            ),
            b"",
        )

    def remove_instance(self, process_definition_key: int, process_instance_key: int) -> None:
        self._kv.delete(
            Column.PROCESS_INSTANCES_BY_DEFINITION.key(
                u64(process_definition_key), u64(process_instance_key)
            )
        )
