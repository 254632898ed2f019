"""Timers waiting to fall due, with the due-date index the scheduler walks.

Columns:

- TIMERS: u64 timer key -> TimerRecordValue (MessagePack)
- TIMER_DUE_DATES: i64 due date (epoch ms), u64 timer key -> b""
- TIMERS_BY_ELEMENT_INSTANCE: u64 element instance key, u64 timer key -> b""
  (the instance that subscribed: a catch event, an activity with boundary timers, a scope with
  timer event subprocesses)
- TIMER_STARTS_BY_DEFINITION: u64 process definition key, u64 timer key -> b""
  (timer start events, which belong to no instance)

Invariant: a timer is in TIMERS, TIMER_DUE_DATES and exactly one of the two owner indexes
from its CREATED event until its TRIGGERED or CANCELED event; only the TIMER appliers write.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

import msgspec

from ..records.values import TimerRecordValue
from .columns import Column
from .encoding import i64, prefix_end, read_i64, read_u64, u64
from .kv import KeyValueAccess


class TimersView(Protocol):
    def get(self, key: int) -> TimerRecordValue | None: ...

    def due_until(self, now: int) -> Iterator[tuple[int, int]]:
        """(due date, key) of timers due at or before `now`, soonest first."""
        ...

    def of_element_instance(self, element_instance_key: int) -> list[int]: ...

    def start_timers(self, process_definition_key: int) -> list[int]: ...


class Timers:
    def __init__(self, kv: KeyValueAccess) -> None:
        self._kv = kv
        self._encoder = msgspec.msgpack.Encoder()
        self._decoder = msgspec.msgpack.Decoder(TimerRecordValue)

    def get(self, key: int) -> TimerRecordValue | None:
        stored = self._kv.get(Column.TIMERS.key(u64(key)))
        return None if stored is None else self._decoder.decode(stored)

    def due_until(self, now: int) -> Iterator[tuple[int, int]]:
        start = Column.TIMER_DUE_DATES.key()
        if now >= (1 << 63) - 1:
            stop = prefix_end(Column.TIMER_DUE_DATES.prefix)
        else:
            stop = Column.TIMER_DUE_DATES.key(i64(now + 1))
        for db_key, _ in self._kv.scan_range(start, stop):
            due, offset = read_i64(db_key, len(start))
            yield due, read_u64(db_key, offset)[0]

    def _keys(self, prefix: bytes) -> list[int]:
        return [read_u64(db_key, len(prefix))[0] for db_key, _ in self._kv.scan(prefix)]

    def of_element_instance(self, element_instance_key: int) -> list[int]:
        return self._keys(Column.TIMERS_BY_ELEMENT_INSTANCE.key(u64(element_instance_key)))

    def start_timers(self, process_definition_key: int) -> list[int]:
        return self._keys(Column.TIMER_STARTS_BY_DEFINITION.key(u64(process_definition_key)))

    def _owner_key(self, key: int, timer: TimerRecordValue) -> bytes:
        if timer.element_instance_key >= 0:
            return Column.TIMERS_BY_ELEMENT_INSTANCE.key(u64(timer.element_instance_key), u64(key))
        return Column.TIMER_STARTS_BY_DEFINITION.key(u64(timer.process_definition_key), u64(key))

    def put(self, key: int, timer: TimerRecordValue) -> None:
        self._kv.put(Column.TIMERS.key(u64(key)), self._encoder.encode(timer))
        self._kv.put(Column.TIMER_DUE_DATES.key(i64(timer.due_date), u64(key)), b"")
        self._kv.put(self._owner_key(key, timer), b"")

    def remove(self, key: int) -> None:
        timer = self.get(key)
        if timer is None:
            return
        self._kv.delete(Column.TIMERS.key(u64(key)))
        self._kv.delete(Column.TIMER_DUE_DATES.key(i64(timer.due_date), u64(key)))
        self._kv.delete(self._owner_key(key, timer))
