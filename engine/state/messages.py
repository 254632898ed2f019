"""Messages and their subscriptions, on both sides of a correlation.

A message lives on the partition its correlation key hashes to (the *message partition*),
with the subscriptions opened there; the waiting element instance lives on its own partition
(the *instance partition*) with its side of the subscription. Both may be the same partition.

Columns (message partition):

- MESSAGES: u64 message key -> MessageRecordValue (MessagePack)
- MESSAGE_DEADLINES: i64 deadline (epoch ms), u64 message key -> b""
- MESSAGE_BY_NAME_AND_KEY: text tenant, text name, text correlation key, u64 message key -> b""
  (buffered messages, first published first)
- MESSAGE_IDS: text tenant, text name, text correlation key, text message id -> u64 message key
- MESSAGE_CORRELATED: u64 message key, text bpmn process id -> b"" (a message correlates at
  most once per process, across its versions and instances)
- MESSAGE_SUBSCRIPTIONS: u64 element instance key, text message name -> StoredSubscription
- MESSAGE_SUBSCRIPTIONS_BY_NAME_AND_KEY: text tenant, text name, text correlation key,
  u64 element instance key -> b""
- MESSAGE_START_SUBSCRIPTIONS: text tenant, text message name, u64 process definition key
  -> MessageStartEventSubscriptionRecordValue
- MESSAGE_START_ACTIVE_KEYS: text tenant, text bpmn process id, text correlation key
  -> u64 process instance key (one active instance per correlation key when started by a
  message)
- MESSAGE_START_KEY_OF_INSTANCE: u64 process instance key -> MessagePack [tenant, process id,
  correlation key] (to release the correlation key when the instance ends)

Column (instance partition):

- PROCESS_MESSAGE_SUBSCRIPTIONS: u64 element instance key, text message name
  -> StoredProcessSubscription (state CREATING, CREATED or DELETING, its record key, value)

Invariants: a message is in MESSAGES, MESSAGE_DEADLINES, MESSAGE_BY_NAME_AND_KEY (and
MESSAGE_IDS when it has an id) from PUBLISHED until EXPIRED; a subscription is in both
subscription columns from CREATED until CORRELATED (interrupting) or DELETED. Only the
message appliers write.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import msgspec

from ..records.values import (
    MessageRecordValue,
    MessageStartEventSubscriptionRecordValue,
    MessageSubscriptionRecordValue,
    ProcessMessageSubscriptionRecordValue,
)
from .columns import Column
from .encoding import i64, prefix_end, read_i64, read_u64, text, u64
from .kv import KeyValueAccess


class StoredSubscription(msgspec.Struct, frozen=True, array_like=True):
    """`correlating`: a message was sent to the instance partition, not yet acknowledged."""

    correlating: bool
    value: MessageSubscriptionRecordValue


class StoredProcessSubscription(msgspec.Struct, frozen=True, array_like=True):
    state: str  # "CREATING", "CREATED" or "DELETING"
    key: int
    value: ProcessMessageSubscriptionRecordValue


class MessagesView(Protocol):
    def get(self, key: int) -> MessageRecordValue | None: ...

    def id_exists(self, tenant: str, name: str, correlation_key: str, message_id: str) -> bool: ...

    def buffered(self, tenant: str, name: str, correlation_key: str) -> Iterator[int]: ...

    def is_correlated(self, message_key: int, bpmn_process_id: str) -> bool: ...

    def deadlines_until(self, now: int) -> Iterator[tuple[int, int]]: ...

    def subscription(self, element_instance_key: int, name: str) -> StoredSubscription | None: ...

    def subscriptions_for(
        self, tenant: str, name: str, correlation_key: str
    ) -> Iterator[StoredSubscription]: ...

    def process_subscription(
        self, element_instance_key: int, name: str
    ) -> StoredProcessSubscription | None: ...

    def process_subscriptions(
        self, element_instance_key: int
    ) -> list[StoredProcessSubscription]: ...

    def start_subscriptions(
        self, tenant: str, name: str
    ) -> Iterator[MessageStartEventSubscriptionRecordValue]: ...

    def start_subscriptions_of(
        self, process_definition_key: int
    ) -> list[tuple[int, MessageStartEventSubscriptionRecordValue]]: ...

    def active_by_correlation_key(
        self, tenant: str, bpmn_process_id: str, correlation_key: str
    ) -> int: ...

    def start_subscriptions_of_process(
        self, tenant: str, bpmn_process_id: str
    ) -> list[tuple[int, MessageStartEventSubscriptionRecordValue]]: ...

    def start_key_of(self, instance_key: int) -> tuple[str, str, str] | None:
        """(tenant, bpmn process id, correlation key) of an instance a message started."""
        ...

    def unacknowledged(self) -> tuple[list[StoredProcessSubscription], list[StoredSubscription]]:
        """Instance-side subscriptions still CREATING or DELETING, and message-side ones still
        correlating: what waits for the other partition's acknowledgement."""
        ...


class Messages:
    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._message = msgspec.msgpack.Decoder(MessageRecordValue)
        self._subscription = msgspec.msgpack.Decoder(StoredSubscription)
        self._process_subscription = msgspec.msgpack.Decoder(StoredProcessSubscription)
        self._start = msgspec.msgpack.Decoder(MessageStartEventSubscriptionRecordValue)
        self._triple = msgspec.msgpack.Decoder(tuple[str, str, str])

    # messages

    def get(self, key: int) -> MessageRecordValue | None:
        stored = self._kv.get(Column.MESSAGES.key(u64(key)))
        return None if stored is None else self._message.decode(stored)

    def id_exists(self, tenant: str, name: str, correlation_key: str, message_id: str) -> bool:
        db_key = Column.MESSAGE_IDS.key(
            text(tenant), text(name), text(correlation_key), text(message_id)
        )
        return self._kv.get(db_key) is not None

    def buffered(self, tenant: str, name: str, correlation_key: str) -> Iterator[int]:
        prefix = Column.MESSAGE_BY_NAME_AND_KEY.key(text(tenant), text(name), text(correlation_key))
        for db_key, _ in self._kv.scan(prefix):
            yield read_u64(db_key, len(prefix))[0]

    def is_correlated(self, message_key: int, bpmn_process_id: str) -> bool:
        db_key = Column.MESSAGE_CORRELATED.key(u64(message_key), text(bpmn_process_id))
        return self._kv.get(db_key) is not None

    def deadlines_until(self, now: int) -> Iterator[tuple[int, int]]:
        start = Column.MESSAGE_DEADLINES.key()
        if now >= (1 << 63) - 1:
            stop = prefix_end(Column.MESSAGE_DEADLINES.prefix)
        else:
            stop = Column.MESSAGE_DEADLINES.key(i64(now + 1))
        for db_key, _ in self._kv.scan_range(start, stop):
            due, offset = read_i64(db_key, len(start))
            yield due, read_u64(db_key, offset)[0]

    def put(self, key: int, message: MessageRecordValue) -> None:
        m = message
        self._kv.put(Column.MESSAGES.key(u64(key)), self._encoder.encode(m))
        self._kv.put(Column.MESSAGE_DEADLINES.key(i64(m.deadline), u64(key)), b"")
        self._kv.put(
            Column.MESSAGE_BY_NAME_AND_KEY.key(
                text(m.tenant_id), text(m.name), text(m.correlation_key), u64(key)
            ),
            b"",
        )
        if m.message_id:
            self._kv.put(
                Column.MESSAGE_IDS.key(
                    text(m.tenant_id), text(m.name), text(m.correlation_key), text(m.message_id)
                ),
                u64(key),
            )

    def remove(self, key: int) -> None:
        m = self.get(key)
        if m is None:
            return
        self._kv.delete(Column.MESSAGES.key(u64(key)))
        self._kv.delete(Column.MESSAGE_DEADLINES.key(i64(m.deadline), u64(key)))
        self._kv.delete(
            Column.MESSAGE_BY_NAME_AND_KEY.key(
                text(m.tenant_id), text(m.name), text(m.correlation_key), u64(key)
            )
        )
        if m.message_id:
            self._kv.delete(
                Column.MESSAGE_IDS.key(
                    text(m.tenant_id), text(m.name), text(m.correlation_key), text(m.message_id)
                )
            )
        prefix = Column.MESSAGE_CORRELATED.key(u64(key))
        for db_key, _ in list(self._kv.scan(prefix)):
            self._kv.delete(db_key)

    def mark_correlated(self, message_key: int, bpmn_process_id: str) -> None:
        if self.get(message_key) is not None:
            self._kv.put(
                Column.MESSAGE_CORRELATED.key(u64(message_key), text(bpmn_process_id)), b""
            )

    def unmark_correlated(self, message_key: int, bpmn_process_id: str) -> None:
        self._kv.delete(Column.MESSAGE_CORRELATED.key(u64(message_key), text(bpmn_process_id)))

    # message subscriptions (message partition)

    def subscription(self, element_instance_key: int, name: str) -> StoredSubscription | None:
        stored = self._kv.get(
            Column.MESSAGE_SUBSCRIPTIONS.key(u64(element_instance_key), text(name))
        )
        return None if stored is None else self._subscription.decode(stored)

    def subscriptions_for(
        self, tenant: str, name: str, correlation_key: str
    ) -> Iterator[StoredSubscription]:
        prefix = Column.MESSAGE_SUBSCRIPTIONS_BY_NAME_AND_KEY.key(
            text(tenant), text(name), text(correlation_key)
        )
        for db_key, _ in list(self._kv.scan(prefix)):
            found = self.subscription(read_u64(db_key, len(prefix))[0], name)
            if found is not None:
                yield found

    def put_subscription(self, stored: StoredSubscription) -> None:
        v = stored.value
        self._kv.put(
            Column.MESSAGE_SUBSCRIPTIONS.key(u64(v.element_instance_key), text(v.message_name)),
            self._encoder.encode(stored),
        )
        self._kv.put(
            Column.MESSAGE_SUBSCRIPTIONS_BY_NAME_AND_KEY.key(
                text(v.tenant_id),
                text(v.message_name),
                text(v.correlation_key),
                u64(v.element_instance_key),
            ),
            b"",
        )

    def remove_subscription(self, element_instance_key: int, name: str) -> None:
        stored = self.subscription(element_instance_key, name)
        if stored is None:
            return
        v = stored.value
        self._kv.delete(Column.MESSAGE_SUBSCRIPTIONS.key(u64(element_instance_key), text(name)))
        self._kv.delete(
            Column.MESSAGE_SUBSCRIPTIONS_BY_NAME_AND_KEY.key(
                text(v.tenant_id), text(name), text(v.correlation_key), u64(element_instance_key)
            )
        )

    # process message subscriptions (instance partition)

    def process_subscription(
        self, element_instance_key: int, name: str
    ) -> StoredProcessSubscription | None:
        db_key = Column.PROCESS_MESSAGE_SUBSCRIPTIONS.key(u64(element_instance_key), text(name))
        stored = self._kv.get(db_key)
        return None if stored is None else self._process_subscription.decode(stored)

    def process_subscriptions(self, element_instance_key: int) -> list[StoredProcessSubscription]:
        prefix = Column.PROCESS_MESSAGE_SUBSCRIPTIONS.key(u64(element_instance_key))
        return [self._process_subscription.decode(v) for _, v in self._kv.scan(prefix)]

    def put_process_subscription(self, stored: StoredProcessSubscription) -> None:
        v = stored.value
        self._kv.put(
            Column.PROCESS_MESSAGE_SUBSCRIPTIONS.key(
                u64(v.element_instance_key), text(v.message_name)
            ),
            self._encoder.encode(stored),
        )

    def remove_process_subscription(self, element_instance_key: int, name: str) -> None:
        self._kv.delete(
            Column.PROCESS_MESSAGE_SUBSCRIPTIONS.key(u64(element_instance_key), text(name))
        )

    def unacknowledged(self) -> tuple[list[StoredProcessSubscription], list[StoredSubscription]]:
        opening_or_closing = [
            stored
            for _, raw in self._kv.scan(Column.PROCESS_MESSAGE_SUBSCRIPTIONS.key())
            if (stored := self._process_subscription.decode(raw)).state != "CREATED"
        ]
        correlating = [
            subscription
            for _, raw in self._kv.scan(Column.MESSAGE_SUBSCRIPTIONS.key())
            if (subscription := self._subscription.decode(raw)).correlating
        ]
        return opening_or_closing, correlating

    # message start events

    def start_subscriptions(
        self, tenant: str, name: str
    ) -> Iterator[MessageStartEventSubscriptionRecordValue]:
        prefix = Column.MESSAGE_START_SUBSCRIPTIONS.key(text(tenant), text(name))
        for _, value in list(self._kv.scan(prefix)):
            yield self._start.decode(value)

    def start_subscriptions_of(
        self, process_definition_key: int
    ) -> list[tuple[int, MessageStartEventSubscriptionRecordValue]]:
        found = []
        for db_key, value in self._kv.scan(Column.MESSAGE_START_SUBSCRIPTIONS.key()):
            start = self._start.decode(value)
            if start.process_definition_key == process_definition_key:
                found.append((read_u64(db_key, len(db_key) - 8)[0], start))
        return found

    def start_subscriptions_of_process(
        self, tenant: str, bpmn_process_id: str
    ) -> list[tuple[int, MessageStartEventSubscriptionRecordValue]]:
        found = []
        for db_key, value in self._kv.scan(Column.MESSAGE_START_SUBSCRIPTIONS.key()):
            start = self._start.decode(value)
            if start.tenant_id == tenant and start.bpmn_process_id == bpmn_process_id:
                found.append((read_u64(db_key, len(db_key) - 8)[0], start))
        return found

    def _start_key(self, value: MessageStartEventSubscriptionRecordValue) -> bytes:
        return Column.MESSAGE_START_SUBSCRIPTIONS.key(
            text(value.tenant_id), text(value.message_name), u64(value.process_definition_key)
        )

    def put_start_subscription(self, value: MessageStartEventSubscriptionRecordValue) -> None:
        self._kv.put(self._start_key(value), self._encoder.encode(value))

    def remove_start_subscription(self, value: MessageStartEventSubscriptionRecordValue) -> None:
        self._kv.delete(self._start_key(value))

    def active_by_correlation_key(
        self, tenant: str, bpmn_process_id: str, correlation_key: str
    ) -> int:
        stored = self._kv.get(
            Column.MESSAGE_START_ACTIVE_KEYS.key(
                text(tenant), text(bpmn_process_id), text(correlation_key)
            )
        )
        return -1 if stored is None else read_u64(stored)[0]

    def put_active_correlation_key(
        self, tenant: str, bpmn_process_id: str, correlation_key: str, instance_key: int
    ) -> None:
        self._kv.put(
            Column.MESSAGE_START_ACTIVE_KEYS.key(
                text(tenant), text(bpmn_process_id), text(correlation_key)
            ),
            u64(instance_key),
        )
        self._kv.put(
            Column.MESSAGE_START_KEY_OF_INSTANCE.key(u64(instance_key)),
            self._encoder.encode((tenant, bpmn_process_id, correlation_key)),
        )

    def start_key_of(self, instance_key: int) -> tuple[str, str, str] | None:
        stored = self._kv.get(Column.MESSAGE_START_KEY_OF_INSTANCE.key(u64(instance_key)))
        return None if stored is None else self._triple.decode(stored)

    def release_correlation_key(self, instance_key: int) -> None:
        db_key = Column.MESSAGE_START_KEY_OF_INSTANCE.key(u64(instance_key))
        stored = self._kv.get(db_key)
        if stored is None:
            return
        tenant, process_id, correlation_key = self._triple.decode(stored)
        self._kv.delete(db_key)
        self._kv.delete(
            Column.MESSAGE_START_ACTIVE_KEYS.key(
                text(tenant), text(process_id), text(correlation_key)
            )
        )
