"""An in-memory `KeyValueStore` over a sorted dict, with the semantics `kv.py` states."""

from __future__ import annotations

from collections.abc import Iterator

from sortedcontainers import SortedDict  # type: ignore[import-untyped]  # ships no types

from .encoding import prefix_end

# Marks "this transaction has not written the key" apart from None, "it deleted the key".
_UNWRITTEN = object()


def _key_at(data: SortedDict, index: int) -> bytes | None:
    if index >= len(data):
        return None
    key: bytes = data.keys()[index]
    return key


def _at_or_after(data: SortedDict, key: bytes) -> bytes | None:
    return _key_at(data, data.bisect_left(key))


def _after(data: SortedDict, key: bytes) -> bytes | None:
    return _key_at(data, data.bisect_right(key))


def _scan(data: SortedDict, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
    # Each step finds the first key after the last one yielded, so writes between steps never
    # invalidate the scan (a live iterator over a SortedDict would be).
    key = _at_or_after(data, start)
    while key is not None and (stop is None or key < stop):
        yield key, data[key]
        key = _after(data, key)


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
        # Merge the committed keys and this transaction's keys in order; where both have a key,
        # the transaction's write wins (and a deletion hides the committed value).
        data, writes = self._data, self._writes
        committed = _at_or_after(data, start)
        own = _at_or_after(writes, start)
        while committed is not None or own is not None:
            key: bytes
            value: bytes | None
            if own is None or (committed is not None and committed < own):
                assert committed is not None
                key, value = committed, data.get(committed)
            else:
                key, value = own, writes.get(own)
            if stop is not None and key >= stop:
                return
            if value is not None:
                yield key, value
            committed = _after(data, key)
            own = _after(writes, key)

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
        return _scan(self._data, prefix, prefix_end(prefix))

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]:
        return _scan(self._data, start, stop)

    def begin(self) -> InMemoryTransaction:
        return InMemoryTransaction(self._data)
