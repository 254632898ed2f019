"""An in-memory `KeyValueStore` over a sorted dict, with the semantics `kv.py` states."""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from itertools import islice

from sortedcontainers import SortedDict  # type: ignore[import-untyped]  # ships no types

from .encoding import prefix_end

# Scans fetch keys in batches that grow from the first size to the last: finding the first
# match stays cheap, long scans amortise the lookups.
_FIRST_BATCH, _LAST_BATCH = 16, 512


def _keys(data: SortedDict, start: bytes, stop: bytes | None) -> Iterator[bytes]:
    # A live iterator over a SortedDict breaks when the dict changes, and scans must survive
    # writes. So fetch a batch of keys, yield them, and look up the next batch after the last
    # key: a key written ahead of the cursor shows up only if it falls in a later batch, which
    # the KV contract leaves unspecified. Values are read when yielded, never from the batch.
    size, cursor, include_cursor = _FIRST_BATCH, start, True
    while True:
        batch: list[bytes] = list(
            islice(data.irange(cursor, stop, inclusive=(include_cursor, False)), size)
        )
        yield from batch
        if len(batch) < size:
            return
        size, cursor, include_cursor = min(size * 2, _LAST_BATCH), batch[-1], False


class InMemoryTransaction:
    """A write buffer over an `InMemoryKeyValueStore`: None in `_writes` is a deletion.

    Invariant: `_order` holds exactly the keys of `_writes`, sorted. A plain dict plus a sorted
    list is cheaper than a SortedDict for the few dozen writes of one command, most of them to
    keys written before in the same batch.
    """

    def __init__(self, data: SortedDict) -> None:
        self._data = data
        self._writes: dict[bytes, bytes | None] = {}
        self._order: list[bytes] = []

    def get(self, key: bytes) -> bytes | None:
        writes = self._writes
        if key in writes:
            return writes[key]
        value: bytes | None = self._data.get(key)
        return value

    def put(self, key: bytes, value: bytes) -> None:
        if key not in self._writes:
            insort(self._order, key)
        self._writes[key] = bytes(value)

    def delete(self, key: bytes) -> None:
        if key not in self._writes:
            insort(self._order, key)
        self._writes[key] = None

    def _own_keys(self, start: bytes, stop: bytes | None) -> Iterator[bytes]:
        # Each step looks the next key up again (after the last one yielded), so keys written
        # while the scan runs never break it.
        order = self._order
        index = bisect_left(order, start)
        while index < len(order):
            key = order[index]
            if stop is not None and key >= stop:
                return
            yield key
            index = bisect_right(order, key)

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.scan_range(prefix, prefix_end(prefix))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        # Merge the committed keys with this transaction's keys in order, each key once; its
        # value is resolved as `get` does, so the transaction's write (or deletion) wins.
        committed_keys, own_keys = _keys(self._data, start, stop), self._own_keys(start, stop)
        committed, own = next(committed_keys, None), next(own_keys, None)
        while committed is not None or own is not None:
            key: bytes
            if own is None or (committed is not None and committed < own):
                assert committed is not None
                key, committed = committed, next(committed_keys, None)
            else:
                if committed == own:
                    committed = next(committed_keys, None)
                key, own = own, next(own_keys, None)
            value = self.get(key)
            if value is not None:
                yield key, value

    def commit(self) -> None:
        data = self._data
        for key, value in self._writes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        self._writes.clear()
        self._order.clear()

    def rollback(self) -> None:
        self._writes.clear()
        self._order.clear()


class InMemoryKeyValueStore:
    """Ordered bytes-to-bytes map in memory. Direct writes apply at once; see `begin()`."""

    def __init__(self) -> None:
        self._data: SortedDict = SortedDict()

    def get(self, key: bytes) -> bytes | None:
        value: bytes | None = self._data.get(key)
        return value

    def put(self, key: bytes, value: bytes) -> None:
        self._data[key] = bytes(value)

    def delete(self, key: bytes) -> None:
        self._data.pop(key, None)

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.scan_range(prefix, prefix_end(prefix))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        data = self._data
        for key in _keys(data, start, stop):
            value: bytes | None = data.get(key)
            if value is not None:  # deleted since its batch was fetched
                yield key, value

    def begin(self) -> InMemoryTransaction:
        return InMemoryTransaction(self._data)
