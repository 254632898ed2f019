"""Keys: the 64-bit identities of everything on a partition, carrying the partition's id.

`key = (partition_id << 51) + counter`, as in Zeebe, so any key routes to the partition that owns
it (DESIGN invariant 5). Keys are signed 64-bit on the wire, which leaves 12 bits of partition
id (1..4095) over a 51-bit counter. Counters start at 1 on every partition.
"""

from __future__ import annotations

from .state.columns import Column
from .state.encoding import read_u64, u64
from .state.kv import KeyValueAccess

PARTITION_BITS = 51
MAX_COUNTER = (1 << PARTITION_BITS) - 1
MAX_PARTITION_ID = (1 << (63 - PARTITION_BITS)) - 1


def partition_key(partition_id: int, counter: int) -> int:
    """The key numbered `counter` on partition `partition_id`."""
    if not 0 <= partition_id <= MAX_PARTITION_ID:
        raise ValueError(
            f"Expected a partition id in 0..{MAX_PARTITION_ID}, but got {partition_id}"
        )
    if not 0 <= counter <= MAX_COUNTER:
        raise ValueError(f"Expected a key counter in 0..{MAX_COUNTER}, but got {counter}")
    return (partition_id << PARTITION_BITS) + counter


def partition_of(key: int) -> int:
    """The partition that owns `key` (and so processes commands about it)."""
    return key >> PARTITION_BITS


def counter_of(key: int) -> int:
    """The partition-local part of `key`."""
    return key & MAX_COUNTER


class KeyGenerator:
    """Hands out this partition's keys in increasing order; the last one given out is state.

    Column KEY_GENERATOR: () -> u64 counter of the last key handed out (absent: none yet).

    `next_key` writes the counter through the same KV access as the rest of the command's state
    changes, so a rolled-back command gives its keys back. Replay does not run processors, so
    event appliers call `observe(record.key)` for every applied event: that restores the counter
    to at least the highest key any event used. A key handed out but never written in an event
    may be handed out again after a replay; keys only need to be unique among records, which that
    keeps.
    """

    def __init__(self, kv: KeyValueAccess, partition_id: int, *, write_back: bool = False) -> None:
        partition_key(partition_id, 0)  # validates the id
        self._kv = kv
        self._partition_id = partition_id
        self._db_key = Column.KEY_GENERATOR.key()
        # With `write_back`, the counter is kept here and written at `flush` (the engine
        # flushes before committing and calls `forget_cached` after a commit or rollback).
        self._write_back = write_back
        self._cached: int | None = None

    def _counter(self) -> int:
        if self._cached is not None:
            return self._cached
        stored = self._kv.get(self._db_key)
        counter = 0 if stored is None else read_u64(stored)[0]
        if self._write_back:
            self._cached = counter
        return counter

    def _set(self, counter: int) -> None:
        if self._write_back:
            self._cached = counter
        else:
            self._kv.put(self._db_key, u64(counter))

    def flush(self) -> None:
        if self._cached is not None:
            self._kv.put(self._db_key, u64(self._cached))

    def forget_cached(self) -> None:
        self._cached = None

    def next_key(self) -> int:
        counter = self._counter() + 1
        key = partition_key(self._partition_id, counter)  # raises once the counter is spent
        self._set(counter)
        return key

    def observe(self, key: int) -> None:
        """Advance past `key` if it is this partition's and newer than the last handed out."""
        if key < 0 or partition_of(key) != self._partition_id:
            return
        if counter_of(key) > self._counter():
            self._set(counter_of(key))

    def last_key(self) -> int:
        """The last key handed out or observed; counter 0 when none was."""
        return partition_key(self._partition_id, self._counter())
