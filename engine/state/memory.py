"""An in-memory `KeyValueStore` over a sorted dict, with the semantics `kv.py` states."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from sortedcontainers import SortedDict  # type: ignore[import-untyped]  # ships no types

from .encoding import prefix_end

# Marks "this transaction has not written the key" apart from None, "it deleted the key".
_UNWRITTEN = object()
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
    """A write buffer over an `InMemoryKeyValueStore`: None in `_writes` is a deletion."""

    def __init__(self, data: SortedDict) -> None:
        self._data = data
        self._writes: SortedDict = SortedDict()

    def get(self, key: bytes) -> bytes | None:
        own = self._writes.get(key, _UNWRITTEN)
        value: bytes | None = self._data.get(key) if own is _UNWRITTEN else own
        return value

    def put(self, key: bytes, value: bytes) -> None:
        self._writes[key] = bytes(value)

    def delete(self, key: bytes) -> None:
        self._writes[key] = None

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]:
        return self.scan_range(prefix, prefix_end(prefix))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        # Merge the committed keys with this transaction's keys in order, each key once; its
        # value is resolved as `get` does, so the transaction's write (or deletion) wins.
        committed_keys, own_keys = _keys(self._data, start, stop), _keys(self._writes, start, stop)
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

    def rollback(self) -> None:
        self._writes.clear()


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
