"""Signal subscriptions: who waits for a signal of a name on this partition.

Columns:

- SIGNAL_SUBSCRIPTIONS: text tenant, text signal name, u64 owner key, text catch event id
  -> SignalSubscriptionRecordValue (MessagePack). The owner is the element instance that
  subscribed (`catch_event_instance_key`: a catch event, an activity with signal boundary
  events, a scope with signal event subprocesses, an event-based gateway), or for a signal
  start event the process definition (`catch_event_instance_key` -1).
- SIGNAL_SUBSCRIPTIONS_BY_ELEMENT: u64 owner key, text catch event id
  -> SignalSubscriptionRecordValue (the same value)

Invariant: both columns hold the same subscriptions, from SIGNAL_SUBSCRIPTION CREATED until
DELETED; only the signal appliers write.
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import SignalSubscriptionRecordValue
from .columns import Column
from .encoding import text, u64
from .kv import KeyValueAccess


def owner_of(value: SignalSubscriptionRecordValue) -> int:
    if value.catch_event_instance_key >= 0:
        return value.catch_event_instance_key
    return value.process_definition_key


class SignalsView(Protocol):
    def subscriptions(self, tenant: str, name: str) -> list[SignalSubscriptionRecordValue]: ...

    def of_owner(self, owner_key: int) -> list[SignalSubscriptionRecordValue]: ...


class Signals:
    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(SignalSubscriptionRecordValue)

    def _key(self, value: SignalSubscriptionRecordValue) -> bytes:
        return Column.SIGNAL_SUBSCRIPTIONS.key(
            text(value.tenant_id),
            text(value.signal_name),
            u64(owner_of(value)),
            text(value.catch_event_id),
        )

    def subscriptions(self, tenant: str, name: str) -> list[SignalSubscriptionRecordValue]:
        prefix = Column.SIGNAL_SUBSCRIPTIONS.key(text(tenant), text(name))
        return [self._decoder.decode(value) for _, value in self._kv.scan(prefix)]

    def of_owner(self, owner_key: int) -> list[SignalSubscriptionRecordValue]:
        prefix = Column.SIGNAL_SUBSCRIPTIONS_BY_ELEMENT.key(u64(owner_key))
        return [self._decoder.decode(value) for _, value in self._kv.scan(prefix)]

    def put(self, value: SignalSubscriptionRecordValue) -> None:
        self._kv.put(self._key(value), self._encoder.encode(value))
        self._kv.put(
            Column.SIGNAL_SUBSCRIPTIONS_BY_ELEMENT.key(
                u64(owner_of(value)), text(value.catch_event_id)
            ),
            self._encoder.encode(value),
        )

    def remove(self, value: SignalSubscriptionRecordValue) -> None:
        self._kv.delete(self._key(value))
        self._kv.delete(
            Column.SIGNAL_SUBSCRIPTIONS_BY_ELEMENT.key(
                u64(owner_of(value)), text(value.catch_event_id)
            )
        )
