"""The key-value seam under all engine state.

Engine state is bytes keys to bytes values in one ordered keyspace (columns are key prefixes,
see `columns.py`). Two implementations keep these semantics: `InMemoryKeyValueStore` here for
tests and the embedded engine, and the broker's RocksDB store. The contract suite in
`tests/engine/kv_contract.py` runs against both.

Semantics every implementation keeps:

- `get` returns None for an absent key; `b""` is a present, empty value.
- `delete` of an absent key does nothing.
- `scan(prefix)` yields `(key, value)` for every key starting with `prefix`, in ascending
  bytewise order; `scan_range(start, stop)` does the same for `start <= key < stop` (no upper
  bound when `stop` is None). Scans are lazy: stopping early costs nothing more.
- Writing while a scan is running is allowed and never breaks the scan. Whether the scan then
  sees keys written *ahead* of its position is unspecified (RocksDB iterators read a snapshot;
  the in-memory store fetches keys in batches), so code must not rely on it; deleting keys the
  scan has already yielded (the usual "scan and remove") is always safe.
- `begin()` starts a transaction: its reads see its own writes over the store's committed data,
  and nothing else sees them until `commit()`. `rollback()` discards them. Either call ends the
  unit of work and leaves the transaction empty and reusable, so long-lived typed stores can be
  built once over one transaction. There is one writer per store; transactions do not detect
  conflicts and do not nest.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class KeyValueReader(Protocol):
    """Reads of an ordered keyspace."""

    def get(self, key: bytes) -> bytes | None: ...

    def scan(self, prefix: bytes) -> Iterator[tuple[bytes, bytes]]: ...

    def scan_range(self, start: bytes, stop: bytes | None) -> Iterator[tuple[bytes, bytes]]: ...


class KeyValueAccess(KeyValueReader, Protocol):
    """Reads and writes: what typed stores are built over (a store or a transaction)."""

    def put(self, key: bytes, value: bytes) -> None: ...

    def delete(self, key: bytes) -> None: ...


class KeyValueTransaction(KeyValueAccess, Protocol):
    """Writes buffered until `commit`, visible to this transaction's own reads meanwhile."""

    def commit(self) -> None: ...

    def rollback(self) -> None: ...


class KeyValueStore(KeyValueAccess, Protocol):
    """A whole keyspace; writes made directly (not in a transaction) take effect at once."""

    def begin(self) -> KeyValueTransaction: ...
