"""Compensation subscriptions: completed activities that have a compensation handler.

Column:

- COMPENSATION_SUBSCRIPTIONS: u64 process instance key, u64 subscription key
  -> StoredCompensation (MessagePack): whether its handler runs, and the value

Invariant: a subscription exists from COMPENSATION_SUBSCRIPTION CREATED (its activity
completed) until COMPLETED (its handler completed) or the end of its process instance (the
PROCESS's ELEMENT_COMPLETED / TERMINATED applier drops what is left). Subscription keys grow
with completion order, so a scan in reverse is "most recently completed first".
"""

from __future__ import annotations

from typing import Protocol

import msgspec

from ..records.values import CompensationSubscriptionRecordValue
from .columns import Column
from .encoding import read_u64, u64
from .kv import KeyValueAccess


class StoredCompensation(msgspec.Struct, frozen=True, array_like=True):
    triggered: bool
    value: CompensationSubscriptionRecordValue


class CompensationsView(Protocol):
    def of_instance(self, process_instance_key: int) -> list[tuple[int, StoredCompensation]]:
        """(subscription key, subscription) in completion order."""
        ...


class Compensations:
    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(StoredCompensation)

    def of_instance(self, process_instance_key: int) -> list[tuple[int, StoredCompensation]]:
        prefix = Column.COMPENSATION_SUBSCRIPTIONS.key(u64(process_instance_key))
        return [
            (read_u64(db_key, len(prefix))[0], self._decoder.decode(value))
            for db_key, value in self._kv.scan(prefix)
        ]

    def put(self, key: int, stored: StoredCompensation) -> None:
        self._kv.put(
            Column.COMPENSATION_SUBSCRIPTIONS.key(u64(stored.value.process_instance_key), u64(key)),
            self._encoder.encode(stored),
        )

    def remove(self, process_instance_key: int, key: int) -> None:
        self._kv.delete(Column.COMPENSATION_SUBSCRIPTIONS.key(u64(process_instance_key), u64(key)))

    def remove_instance(self, process_instance_key: int) -> None:
        prefix = Column.COMPENSATION_SUBSCRIPTIONS.key(u64(process_instance_key))
        for db_key, _ in list(self._kv.scan(prefix)):
            self._kv.delete(db_key)
