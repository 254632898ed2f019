"""An in-memory `KeyValueStore` over a sorted dict, with the semantics `kv.py` states."""

from __future__ import annotations

from collections.abc import Iterator

from sortedcontainers import SortedDict

from .encoding import prefix_end

# Marks "this transaction has not written the key" apart from None, "it deleted the key".
_UNWRITTEN = object()


def _at_or_after(data: SortedDict, key: bytes) -> bytes | None:
    i = data.bisect_left(key)
    return data.keys()[i] if i < len(data) else None  # type: ignore[no-any-return]


def _after(data: SortedDict, key: bytes) -> bytes | None:
    i = data.bisect_right(key)
    return data.keys()[i] if i < len(data) else None  # type: ignore[no-any-return]


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
        if own is _UNWRITTEN:
            return self._data.get(key)  # type: ignore[no-any-return]
        return own  # type: ignore[return-value]

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
            if own is None or (committed is not None and committed < own):
                key = committed
                value = data.get(key)
            else:
                key = own
                value = writes.get(key)
            if stop is not None and key >= stop:  # type: ignore[operator]
                return
            if value is not None:
                yield key, value  # type: ignore[misc]
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
        return self._data.get(key)  # type: ignore[no-any-return]

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
